import { CampariSandbox } from '../sandbox/server';
import { chain, newCredentialsHelper, node, runWorkflow, sandboxCredential } from './helpers/harness';
import { useSandbox } from './helpers/sandbox';

const ids = Array.from({ length: 50 }, (_v, i) => String(100001 + i).padStart(18, '0'));

describe('Campari Material node: get, and accessToken feeding the HTTP Request node', () => {
	let sandbox: CampariSandbox;
	useSandbox((s) => (sandbox = s));

	test('Manual Trigger → items → get (50 items): 1 token request, 50 material requests, input order, pairedItem', async () => {
		const nodes = [
			node('Trigger', 'n8n-nodes-base.manualTrigger'),
			node('Ids', 'test.itemsSource', { items: JSON.stringify(ids.map((id) => ({ id }))) }),
			node('Get', 'n8n-nodes-campari.campariMaterial', { resource: 'material', operation: 'get', materialId: '={{ $json.id }}', options: { plant: 'IT01' } }),
		];
		const result = await runWorkflow(nodes, chain('Trigger', 'Ids', 'Get'), newCredentialsHelper(sandboxCredential(sandbox)));
		const out = result.output('Get');
		expect(out).toHaveLength(50);
		expect(out.map((o) => (o.json.MATERIAL_GENERAL_DATA as { MATERIAL: string }).MATERIAL)).toEqual(ids);
		expect(out.map((o) => o.pairedItem)).toEqual(ids.map((_id, i) => ({ item: i })));
		expect(sandbox.stats.tokenRequests).toBe(1);
		expect(sandbox.stats.byRoute['material.get']).toBe(50);
		const seen = sandbox.seen('material.get');
		expect(seen.map((s) => s.path).sort()).toEqual(ids.map((id) => `/master-data/materials/${id}`).sort());
		expect(seen.every((s) => s.query.PLANT === 'IT01' && s.method === 'GET')).toBe(true);
		expect(sandbox.stats.connections).toBeLessThanOrEqual(10); // bounded by the concurrency; the token request shares the pool
	});

	test('accessToken → get feeds the Authorization header of an n8n HTTP Request node', async () => {
		const nodes = [
			node('Trigger', 'n8n-nodes-base.manualTrigger'),
			node('Token', 'n8n-nodes-campari.campariMaterial', { resource: 'accessToken', operation: 'get' }),
			node('HTTP Request', 'n8n-nodes-base.httpRequest', {
				url: '={{ $json.baseUrl }}/materials/types',
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: '={{ $json.authorizationHeader }}' }] },
				options: {},
			}, { typeVersion: 4.2 }),
		];
		const result = await runWorkflow(nodes, chain('Trigger', 'Token', 'HTTP Request'), newCredentialsHelper(sandboxCredential(sandbox)));
		const token = result.output('Token')[0].json;
		expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number), expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
		expect(token.authorizationHeader).toBe(`Bearer ${token.accessToken}`);
		expect(token.baseUrl).toBe(sandbox.baseUrl);
		const http = result.output('HTTP Request');
		expect(http[0].json).toEqual({ materials: { types: expect.arrayContaining([{ code: 'FERT', description: 'Finished Product' }]) } });
		expect(sandbox.seen('material.getTypes')[0].headers.authorization).toBe(`Bearer ${token.accessToken}`);
		expect(sandbox.stats.tokenRequests).toBe(1);
	});
});
