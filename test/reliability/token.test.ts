import { CampariSandbox } from '../../sandbox/server';
import type { FaultAction } from '../../sandbox/state';
import { sandboxCredential } from '../helpers/harness';
import { expectNoSecrets, getParams, materialIds, type NodeRun, runNode, shown } from './helpers';
import { useSandbox } from '../helpers/sandbox';

/** The token endpoint misbehaving, seen through the node: what the items get. */
describe('reliability: the token endpoint fails, through the node in WorkflowExecute', () => {
	let sandbox: CampariSandbox;
	const items = materialIds(3).map((id) => ({ id }));

	useSandbox((s) => (sandbox = s));
	beforeEach(() => {
		sandbox.setTokenLifetime(3600);
		sandbox.state.knobs.tokenType = 'bearer';
		sandbox.state.knobs.expiresInOverride = undefined;
	});

	let last: NodeRun | undefined;
	afterEach(() => {
		if (last) expectNoSecrets(last, sandbox);
		last = undefined;
	});

	/** Every item carries the same token error; no Material request was sent. */
	const expectEveryItemFailed = (run: NodeRun, words: RegExp) => {
		expect(run.items).toHaveLength(3);
		run.items?.forEach((item, i) => {
			expect(item.json.error).toMatch(words);
			expect(item.json.error).toContain(`[item ${i}]`);
			expect(item.json.error).toContain(sandbox.tokenUrl);
			expect(item.pairedItem).toEqual({ item: i });
		});
		expect(sandbox.stats.apiRequests).toBe(0);
	};

	test('down (connection refused): every item fails naming the URL; retried a bounded number of times', async () => {
		const tokenUrl = 'http://127.0.0.1:1/master-data/token';
		last = await runNode(sandbox, getParams(), { items, continueOnFail: true, credential: sandboxCredential(sandbox, { tokenUrl }) });
		expect(last.items).toHaveLength(3);
		last.items?.forEach((item) => {
			expect(item.json.error).toContain('connection refused');
			expect(item.json.error).toContain(tokenUrl);
		});
		expect(sandbox.stats.apiRequests).toBe(0);
	});

	test('down, without Continue On Fail: the node fails with the same clear error', async () => {
		const tokenUrl = 'http://127.0.0.1:1/master-data/token';
		last = await runNode(sandbox, getParams(), { items, credential: sandboxCredential(sandbox, { tokenUrl }) });
		expect(last.items).toBeUndefined();
		expect(last.error?.message).toMatch(/connection refused.*\[item 0\]/);
		expect(shown(last.error)).toContain('Check the Token URL');
	});

	test('timing out: bounded by the node\'s Timeout option, then a clear "timed out" error', async () => {
		sandbox.addFault({ route: 'token', times: Infinity, action: { type: 'hang' } });
		const started = Date.now();
		last = await runNode(sandbox, getParams({ timeout: 300 }), { items, continueOnFail: true });
		expectEveryItemFailed(last, /timed out/);
		// one shared flight: 1 attempt + 3 retries, each bounded by the 300 ms timeout
		expect(sandbox.state.stats.byRoute.token).toBe(4);
		expect(Date.now() - started).toBeLessThan(8000);
	});

	test('500 (persisting): a clear server error after 1 + 3 attempts shared by all items', async () => {
		sandbox.addFault({ route: 'token', times: Infinity, action: { type: 'reply', status: 500, body: { error: 'server_error' } } });
		last = await runNode(sandbox, getParams(), { items, continueOnFail: true });
		expectEveryItemFailed(last, /HTTP 500.*server error/);
		expect(sandbox.state.stats.byRoute.token).toBe(4);
	});

	test('503 with Retry-After: waits as told, then every item succeeds', async () => {
		sandbox.addFault({ route: 'token', action: { type: 'reply', status: 503, headers: { 'retry-after': '1' } } });
		const started = Date.now();
		last = await runNode(sandbox, getParams(), { items });
		expect(last.items).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(sandbox.stats.tokenRequests).toBe(1);
		expect(sandbox.stats.apiRequests).toBe(3);
	});

	test('429 once: retried, every item succeeds', async () => {
		sandbox.addFault({ route: 'token', action: { type: 'reply', status: 429, headers: { 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_QPS' } } });
		last = await runNode(sandbox, getParams(), { items });
		expect(last.items).toHaveLength(3);
		expect(sandbox.state.stats.byRoute.token).toBe(2);
	});

	test('429 persisting: "over the plan\'s rate" after the bounded retries', async () => {
		sandbox.addFault({ route: 'token', times: Infinity, action: { type: 'reply', status: 429, headers: { 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_QPS' } } });
		last = await runNode(sandbox, getParams(), { items, continueOnFail: true });
		expectEveryItemFailed(last, /HTTP 429.*ERR_403_DEVELOPER_OVER_QPS.*rate or quota/);
		expect(sandbox.state.stats.byRoute.token).toBe(4);
	});

	const html = '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Gateway error</h1></body></html>';
	test.each<[string, FaultAction, RegExp]>([
		['an HTML error page with HTTP 502', { type: 'reply', status: 502, headers: { 'content-type': 'text/html' }, body: html }, /HTTP 502.*HTML error page/],
		['an HTML page with HTTP 200 (a login page)', { type: 'reply', status: 200, headers: { 'content-type': 'text/html' }, body: html }, /HTTP 200.*HTML page, not JSON/],
		['{} without access_token', { type: 'reply', status: 200, body: {} }, /HTTP 200.*no access_token/],
		['a token_type that is not bearer', { type: 'reply', status: 200, body: { access_token: 'mac-token-value-123456', token_type: 'mac', expires_in: 3600 } }, /token_type is "mac", only bearer/],
		['an empty body', { type: 'reply', status: 200, body: '' }, /the answer is empty/],
		['JSON that is not an object', { type: 'reply', status: 200, body: '["a"]' }, /not a JSON object/],
	])('%s: every item gets a clear error, no Material request', async (_name, action, words) => {
		sandbox.addFault({ route: 'token', times: Infinity, action });
		last = await runNode(sandbox, getParams(), { items, continueOnFail: true });
		expectEveryItemFailed(last, words);
		expect(last.scanText).not.toContain('mac-token-value-123456');
	});

	test.each<[string, unknown, number | null]>([
		['0', 0, 5],
		['negative', -5, 5],
		['huge', 1e12, 30 * 24 * 3600],
		['a numeric string', '3600', 3600],
		['a non-numeric string', 'soon', null],
		['missing', undefined, null],
	])('expires_in %s: items succeed with one token request; the accessToken operation shows the lifetime used', async (_name, value, expected) => {
		if (value === undefined) sandbox.setTokenLifetime(null);
		else sandbox.state.knobs.expiresInOverride = value;
		const run = await runNode(sandbox, getParams(), { items });
		expect(run.items).toHaveLength(3);
		expectNoSecrets(run, sandbox);
		expect(sandbox.stats.tokenRequests).toBe(1);
		last = await runNode(sandbox, { resource: 'accessToken', operation: 'get' });
		const out = last.items?.[0].json;
		expect(sandbox.stats.tokenRequests).toBe(1); // the cached token
		if (expected === null) {
			expect(out).toMatchObject({ expiresIn: null, expiresAt: null });
		} else {
			expect(out?.expiresIn).toBeGreaterThanOrEqual(expected - 2);
			expect(out?.expiresIn).toBeLessThanOrEqual(expected);
		}
		expect(sandbox.state.tokens.has(out?.accessToken as string)).toBe(true);
	});
});
