import { CampariOpenApi } from '../../credentials/CampariOpenApi.credentials';
import type { Route } from '../../sandbox/route';
import { CampariSandbox } from '../../sandbox/server';
import { makeSelfSignedCert } from '../../sandbox/tls';
import { sandboxCredential } from '../helpers/harness';
import { useSandbox } from '../helpers/sandbox';
import { captureLogs, expectNoSecrets, getParams, materialIds, type NodeRun, runNode } from './helpers';

/** An API that echoes the Authorization header it got into its error body (some gateways do). */
const echoRoute: Route = {
	name: 'reliability.echo',
	method: 'GET',
	pattern: /^\/master-data\/echo-error$/,
	handle: ({ headers }) => ({ status: 400, body: { error: 'invalid_request', message: `Header was: ${headers.authorization}` } }),
};

describe('reliability: secrets and TLS', () => {
	test('the credential: Client Secret is a password field, the token hidden, TLS verification off only by an explicit boolean', () => {
		const props = new CampariOpenApi().properties;
		const byName = (n: string) => props.find((p) => p.name === n);
		expect(byName('clientSecret')).toMatchObject({ type: 'string', typeOptions: { password: true } });
		expect(byName('accessToken')).toMatchObject({ type: 'hidden', typeOptions: { password: true, expirable: true } });
		expect(byName('ignoreSslIssues')).toMatchObject({ type: 'boolean', default: false });
		// no field but the secret and the token holds secret material in clear
		expect(props.filter((p) => p.typeOptions?.password).map((p) => p.name).sort()).toEqual(['accessToken', 'clientSecret']);
	});

	test('the log capture of these tests sees console and stdout/stderr writes', async () => {
		const { logs } = await captureLogs(async () => {
			console.log('seen-by-console'); // eslint-disable-line no-console
			process.stderr.write('seen-by-stderr\n');
		});
		expect(logs).toContain('seen-by-console');
		expect(logs).toContain('seen-by-stderr');
	});

	describe('over HTTP', () => {
		let sandbox: CampariSandbox;
		useSandbox((s) => (sandbox = s), { routes: [echoRoute] });
		let last: NodeRun | undefined;
		afterEach(() => {
			if (last) expectNoSecrets(last, sandbox);
			last = undefined;
		});

		test('a normal run, a failing run and a token run: no secret anywhere but the accessToken output', async () => {
			const ok = await runNode(sandbox, getParams({ fullResponse: true }), { items: materialIds(3).map((id) => ({ id })) });
			expect(ok.items).toHaveLength(3);
			expectNoSecrets(ok, sandbox);
			const failing = await runNode(sandbox, getParams(), { items: [{ id: '999999999999999999' }], continueOnFail: true });
			expect(failing.items?.[0].json.error).toMatch(/HTTP 404/);
			expectNoSecrets(failing, sandbox);
			last = await runNode(sandbox, { resource: 'accessToken', operation: 'get' });
			const token = last.items?.[0].json.accessToken as string;
			expect(sandbox.state.tokens.has(token)).toBe(true);
			expect(JSON.stringify(last.items)).toContain(token); // its own output is the one place it belongs
		});

		test('a wrong secret (body and Basic authentication): neither secret shows', async () => {
			const wrong = 'wrong-secret-7f3a9c-should-never-show';
			for (const clientAuthentication of ['body', 'basic']) {
				const run = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true, credential: sandboxCredential(sandbox, { clientSecret: wrong, clientAuthentication }) });
				expect(run.items?.[0].json.error).toMatch(/client id or client secret was rejected/);
				expectNoSecrets(run, sandbox, [wrong, Buffer.from(`sandbox-client:${wrong}`).toString('base64')]);
			}
		});

		test('a token URL carrying a secret in its query or user info: the error names the URL without them', async () => {
			const tokenUrl = 'http://user:pa55word-in-url@127.0.0.1:1/master-data/token?apikey=key-in-query-4711';
			last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true, credential: sandboxCredential(sandbox, { tokenUrl }) });
			expect(last.items?.[0].json.error).toContain('http://127.0.0.1:1/master-data/token');
			expect(last.scanText).not.toContain('pa55word-in-url');
			expect(last.scanText).not.toContain('key-in-query-4711');
		});

		test('an API error body that echoes the Authorization header does not put the token into the error', async () => {
			last = await runNode(sandbox, { resource: 'material', operation: 'customRequest', method: 'GET', path: 'echo-error', options: {} }, { items: [{}], continueOnFail: true });
			expect(last.items?.[0].json.error).toMatch(/HTTP 400 bad request: Header was: Bearer \*\*\* \[item 0\]/);
		});

		test('a token error body that echoes the client secret does not show it', async () => {
			sandbox.addFault({ route: 'token', times: Infinity, action: { type: 'reply', status: 400, body: { error: 'invalid_request', error_description: 'client_secret sandbox-secret is malformed' } } });
			last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true });
			expect(last.items?.[0].json.error).toMatch(/client_secret \*\*\* is malformed/);
		});
	});

	describe('over HTTPS with a self-signed certificate', () => {
		let sandbox: CampariSandbox;
		useSandbox((s) => (sandbox = s), { tls: makeSelfSignedCert() });

		test.each<[string, unknown]>([
			['false (the default)', false],
			['left out', undefined],
			['the string "true"', 'true'],
			['the number 1', 1],
			['an object', { on: true }],
		])('Ignore SSL Issues %s: a clear certificate error, nothing sent, not retried', async (_name, ignoreSslIssues) => {
			const credential = sandboxCredential(sandbox, { ignoreSslIssues: ignoreSslIssues as never });
			if (ignoreSslIssues === undefined) delete credential.ignoreSslIssues;
			const run = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true, credential });
			expect(run.items?.[0].json.error).toMatch(/the server certificate is self-signed \(see "Ignore SSL Issues"\)/);
			expect(run.items?.[0].json.error).toContain(sandbox.tokenUrl);
			expect(sandbox.stats.tokenRequests).toBe(0);
			expect(sandbox.stats.apiRequests).toBe(0);
			expect(sandbox.stats.connections).toBe(1); // a certificate does not get better by asking again
			expectNoSecrets(run, sandbox);
		});

		test('Ignore SSL Issues true: the run succeeds over TLS', async () => {
			const run = await runNode(sandbox, getParams(), { items: materialIds(2).map((id) => ({ id })), credential: sandboxCredential(sandbox, { ignoreSslIssues: true }) });
			expect(run.items).toHaveLength(2);
			expect(sandbox.stats.tlsConnections).toBeGreaterThanOrEqual(1);
			expectNoSecrets(run, sandbox);
		});
	});
});
