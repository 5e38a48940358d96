import { sharedTokenEngine } from '../lib/token';
import { CampariSandbox, DEMO_CLIENT_SECRET } from '../sandbox/server';
import { chain, newCredentialsHelper, node, runWorkflow, sandboxCredential } from './helpers/harness';
import { useSandbox } from './helpers/sandbox';

/** The credential through n8n's own path: httpRequestWithAuthentication, preAuthentication, authenticate. */
describe('Campari Open API credential in WorkflowExecute', () => {
	let sandbox: CampariSandbox;

	useSandbox((s) => (sandbox = s));
	beforeEach(() => {
		sandbox.setTokenLifetime(3600);
	});

	const probeWorkflow = (count: number, parallel: boolean) => {
		const nodes = [
			node('Trigger', 'n8n-nodes-base.manualTrigger'),
			node('Items', 'test.itemsSource', { count }),
			node('Probe', 'test.credentialProbe', { url: `${sandbox.baseUrl}/materials/types`, parallel }),
		];
		return { nodes, connections: chain('Trigger', 'Items', 'Probe') };
	};

	test('200 parallel items with an empty cache make exactly 1 token request', async () => {
		const { nodes, connections } = probeWorkflow(200, true);
		const helper = newCredentialsHelper(sandboxCredential(sandbox));
		const result = await runWorkflow(nodes, connections, helper);
		expect(result.output('Probe')).toHaveLength(200);
		expect(sandbox.stats.tokenRequests).toBe(1);
		expect(sandbox.stats.apiRequests).toBe(200);
		expect(helper.calls.preAuthentication).toBe(200); // n8n asks every item: the engine answers once
		expect(helper.store.get('cred-campari')?.accessToken).toMatch(/^[\w-]{20,}$/); // persisted like n8n does
		expect(helper.store.get('cred-campari')?.expiresAt).toBeGreaterThan(Date.now());
	});

	test('a token that expires mid-run is replaced before any request fails', async () => {
		sandbox.setTokenLifetime(2);
		// every request takes 40 ms: 100 sequential items span about two token lifetimes
		sandbox.addFault({ route: 'material.getTypes', times: 100, action: { type: 'delay', ms: 40 } });
		const { nodes, connections } = probeWorkflow(100, false);
		const result = await runWorkflow(nodes, connections, newCredentialsHelper(sandboxCredential(sandbox)));
		expect(result.output('Probe')).toHaveLength(100);
		expect(sandbox.stats.unauthorized).toBe(0);
		expect(sandbox.stats.tokenRequests).toBeGreaterThanOrEqual(2);
		expect(sandbox.stats.tokenRequests).toBeLessThanOrEqual(4);
	});

	test('a revoked token costs exactly one extra token request and no failed item', async () => {
		const { nodes, connections } = probeWorkflow(30, false);
		sandbox.addFault({ route: 'material.getTypes', skip: 10, action: { type: 'revoke' } });
		const helper = newCredentialsHelper(sandboxCredential(sandbox));
		const result = await runWorkflow(nodes, connections, helper);
		expect(result.output('Probe')).toHaveLength(30);
		expect(sandbox.stats.tokenRequests).toBe(2);
		expect(sandbox.stats.unauthorized).toBe(1);
		expect(helper.calls.preAuthenticationExpired).toBe(1);
	});

	test('a persisted token is reused across runs without a token request', async () => {
		const helper = newCredentialsHelper(sandboxCredential(sandbox));
		await runWorkflow(...Object.values(probeWorkflow(3, false)) as [never, never], helper);
		sharedTokenEngine.clear(); // as after an n8n restart: only the persisted fields remain
		sandbox.resetCounters();
		const again = await runWorkflow(...Object.values(probeWorkflow(3, false)) as [never, never], helper);
		expect(again.output('Probe')).toHaveLength(3);
		expect(sandbox.stats.tokenRequests).toBe(0);
	});

	test('a persisted token without a known expiry is not adopted by a new process', async () => {
		const helper = newCredentialsHelper(sandboxCredential(sandbox, { accessToken: 'stale-token-from-long-ago', expiresAt: 0 }));
		const result = await runWorkflow(...Object.values(probeWorkflow(3, false)) as [never, never], helper);
		expect(result.output('Probe')).toHaveLength(3);
		expect(sandbox.stats.unauthorized).toBe(0); // the stale token was never sent
		expect(sandbox.stats.tokenRequests).toBe(1);
	});

	test('a wrong secret fails with a message that names the problem and contains neither secret nor token', async () => {
		const { nodes, connections } = probeWorkflow(5, true);
		const wrongSecret = 'wrong-secret-for-the-test-123';
		const result = await runWorkflow(nodes, connections, newCredentialsHelper(sandboxCredential(sandbox, { clientSecret: wrongSecret })));
		expect(result.error).toBeDefined();
		const shown = `${result.error?.message} ${result.error?.description ?? ''}`;
		expect(shown).toContain('client id or client secret was rejected');
		expect(shown).toContain(sandbox.tokenUrl);
		expect(result.serialized).not.toContain(wrongSecret);
		expect(result.serialized).not.toContain(DEMO_CLIENT_SECRET);
		for (const token of sandbox.state.tokens.keys()) expect(result.serialized).not.toContain(token);
	});
});
