import type { IDataObject, INode } from 'n8n-workflow';

import { CampariSandbox, DEMO_CLIENT_SECRET } from '../sandbox/server';
import { chain, newCredentialsHelper, node, type RunResult, runWorkflow, sandboxCredential } from './helpers/harness';
import { useSandbox } from './helpers/sandbox';

const CAMPARI = 'n8n-nodes-campari.campariMaterial';
const CAMPARI_1L = '000000000000100001';
const APEROL = '000000000000100002';
const MISSING = '999999999999999999'; // ids starting with 9 do not exist in the sandbox

/** Failures, retries and "Continue On Fail" through WorkflowExecute against a real sandbox. */
describe('Campari Material node: errors and retries', () => {
	let sandbox: CampariSandbox;
	useSandbox((s) => (sandbox = s));

	async function run(parameters: INode['parameters'], items: IDataObject[] = [{}], extra: Partial<INode> = {}) {
		const nodes = [
			node('Trigger', 'n8n-nodes-base.manualTrigger'),
			node('Items', 'test.itemsSource', { items: JSON.stringify(items) }),
			node('Campari', CAMPARI, { resource: 'material', ...parameters }, extra),
		];
		return runWorkflow(nodes, chain('Trigger', 'Items', 'Campari'), newCredentialsHelper(sandboxCredential(sandbox)));
	}
	/** The node's error as n8n recorded it, with what it shows the user. */
	function nodeError(result: RunResult) {
		expect(result.error).toBeDefined();
		const error = result.error as unknown as { message: string; description?: string; httpCode?: string; context?: { itemIndex?: number } };
		return { ...error, shown: `${error.message} ${error.description ?? ''}` };
	}
	function expectNoSecrets(result: RunResult) {
		expect(result.serialized).not.toContain(DEMO_CLIENT_SECRET);
		expect(sandbox.state.tokens.size).toBeGreaterThan(0);
		for (const token of sandbox.state.tokens.keys()) expect(result.serialized).not.toContain(token);
	}
	const created = () => (sandbox.state.store.get('materials.created') as number | undefined) ?? 0;
	const bearer = (route: string) => sandbox.seen(route).map((s) => s.headers.authorization);

	describe('401', () => {
		test('a revoked token is dropped and the request sent once more with a fresh one', async () => {
			sandbox.addFault({ route: 'material.getSkuCode', action: { type: 'revoke' } });
			const result = await run({ operation: 'getSkuCode', materialId: CAMPARI_1L });
			expect(result.output('Campari').map((o) => o.json)).toEqual([{ MATERIAL: CAMPARI_1L, SKU_CODE: 'SKU-100001' }]);
			const [first, second] = bearer('material.getSkuCode');
			expect(bearer('material.getSkuCode')).toHaveLength(2);
			expect(second).not.toBe(first);
			expect(sandbox.state.checkToken(second.replace(/^Bearer /, ''))).toBe('ok');
			expect(sandbox.stats.tokenRequests).toBe(2);
			expect(sandbox.stats.unauthorized).toBe(1);
		});

		test('401 on every attempt: a clear error after exactly one refresh, nothing secret in it', async () => {
			sandbox.addFault({ route: 'material.getSkuCode', times: Infinity, action: { type: 'reply', status: 401, headers: { 'x-mashery-error-code': 'ERR_403_NOT_AUTHORIZED', 'www-authenticate': 'Bearer realm="sandbox"' } } });
			const result = await run({ operation: 'getSkuCode', materialId: CAMPARI_1L });
			const error = nodeError(result);
			expect(error.message).toMatch(/HTTP 401 not authorized .*even after a fresh one.*\[item 0\]/);
			expect(error.httpCode).toBe('401');
			expect(error.description).toContain('ERR_403_NOT_AUTHORIZED');
			expect(sandbox.stats.tokenRequests).toBe(2);
			expect(sandbox.seen('material.getSkuCode')).toHaveLength(2);
			expectNoSecrets(result);
		});
	});

	describe('429, 503, 502, 504', () => {
		test('429 with Retry-After: 1 is waited for, then the request succeeds', async () => {
			sandbox.addFault({ route: 'material.getUnitsOfMeasure', action: { type: 'reply', status: 429, headers: { 'retry-after': '1', 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_QPS' } } });
			const started = Date.now();
			const result = await run({ operation: 'getUnitsOfMeasure', materialId: CAMPARI_1L });
			expect(result.output('Campari')).toHaveLength(3);
			const seen = sandbox.seen('material.getUnitsOfMeasure');
			expect(seen).toHaveLength(2);
			expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
			expect(Date.now() - started).toBeLessThan(10_000);
		});

		test('503 with Retry-After on a POST create is retried (the gateway refused before any work): one material', async () => {
			sandbox.addFault({ route: 'material.create', action: { type: 'reply', status: 503, headers: { 'retry-after': '1' }, body: 'Service Unavailable' } });
			const before = created();
			const result = await run({ operation: 'create', materialType: 'FERT', dataMode: 'raw', body: '{"CLIENTDATA":{"BASE_UOM":"BOT"}}' });
			expect(result.output('Campari')[0].json.status).toBe('Success');
			expect(sandbox.seen('material.create')).toHaveLength(2);
			expect(created() - before).toBe(1);
		});

		test('429 on every attempt: bounded retries (1 + 3), then an error that says so', async () => {
			sandbox.addFault({ route: 'material.getSkuCode', times: Infinity, action: { type: 'reply', status: 429, headers: { 'retry-after': '0', 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_RATE' } } });
			const error = nodeError(await run({ operation: 'getSkuCode', materialId: CAMPARI_1L }));
			expect(error.message).toMatch(/HTTP 429 rate limited.*\[ERR_403_DEVELOPER_OVER_RATE\].*\[item 0\]/);
			expect(sandbox.seen('material.getSkuCode')).toHaveLength(4);
		});

		test('503 with a Retry-After beyond the limit is not waited for', async () => {
			sandbox.addFault({ route: 'material.getSkuCode', times: Infinity, action: { type: 'reply', status: 503, headers: { 'retry-after': '3600' } } });
			const started = Date.now();
			const error = nodeError(await run({ operation: 'getSkuCode', materialId: CAMPARI_1L }));
			expect(error.httpCode).toBe('503');
			expect(sandbox.seen('material.getSkuCode')).toHaveLength(1);
			expect(Date.now() - started).toBeLessThan(5_000);
		});

		test.each([502, 504])('%i on a GET is retried, then the request succeeds', async (status) => {
			sandbox.addFault({ route: 'material.getType', action: { type: 'reply', status, body: '<html>gateway</html>' } });
			const result = await run({ operation: 'getType', materialType: 'FERT' });
			expect(result.output('Campari')[0].json).toEqual({ code: 'FERT', description: 'Finished Product' });
			expect(sandbox.seen('material.getType')).toHaveLength(2);
		});

		test('502 on a POST create is NOT repeated: one request, an error with the status', async () => {
			sandbox.addFault({ route: 'material.create', action: { type: 'reply', status: 502, body: '<html>Bad Gateway</html>' } });
			const before = created();
			const error = nodeError(await run({ operation: 'create', materialType: 'FERT', dataMode: 'raw', body: '{"CLIENTDATA":{"BASE_UOM":"BOT"}}' }));
			expect(error.message).toMatch(/HTTP 502 bad gateway \[item 0\]/);
			expect(error.httpCode).toBe('502');
			expect(sandbox.seen('material.create')).toHaveLength(1);
			expect(created() - before).toBe(0);
		});

		test('a connection reset after the server created the material: the create is NOT repeated (no duplicate)', async () => {
			sandbox.addFault({ route: 'material.create', action: { type: 'handleThenReset' } });
			const before = created();
			const error = nodeError(await run({ operation: 'create', materialType: 'FERT', dataMode: 'raw', body: '{"CLIENTDATA":{"BASE_UOM":"BOT"}}' }));
			expect(error.message).toMatch(/Campari API request failed: .*\[item 0\]/);
			expect(error.description).toMatch(/may have reached the server/);
			expect(sandbox.seen('material.create')).toHaveLength(1);
			expect(created() - before).toBe(1);
		});
	});

	describe('errors in an HTTP 200 body, and what an error carries', () => {
		test('create answered HTTP 200 with status "Error" fails the item with the API\'s message', async () => {
			const before = created();
			const result = await run({ operation: 'create', materialType: 'ZZZZ', dataMode: 'map', clientData: { BASE_UOM: 'BOT' } });
			const error = nodeError(result);
			expect(error.message).toMatch(/HTTP 200 .*body reports an error: Material type ZZZZ is not defined \[item 0\]/);
			expect(error.httpCode).toBe('200');
			expect(created() - before).toBe(0);
			expectNoSecrets(result);
		});

		test('update answered HTTP 200 with status "Success" but a message of type E fails the item', async () => {
			sandbox.addFault({ route: 'material.update', action: { type: 'reply', status: 200, body: { status: 'Success', materialCode: APEROL, messages: [{ type: 'W', message: 'checked' }, { type: 'E', message: 'Material is locked by user BATCH01' }] } } });
			const error = nodeError(await run({ operation: 'update', materialId: APEROL, dataMode: 'map', updateFields: { orderUnit: 'CS' } }));
			expect(error.message).toMatch(/Material is locked by user BATCH01 \[item 0\]/);
			expect(error.message).not.toMatch(/checked/);
		});

		test('the sandbox checks what it gets: update with a field it does not know is an HTTP 200 error', async () => {
			const error = nodeError(await run({ operation: 'update', materialId: APEROL, dataMode: 'raw', body: '{"colour":"red"}' }));
			expect(error.message).toMatch(/Fields not known: colour/);
		});

		test('the sandbox refuses a create without "type" (sent through a custom request) with HTTP 400', async () => {
			const error = nodeError(await run({ operation: 'customRequest', method: 'POST', path: 'materials', sendBody: true, body: '{"CLIENTDATA":{"BASE_UOM":"BOT"}}' }));
			expect(error.message).toMatch(/HTTP 400 bad request: The query parameter 'type' \(material type\) is mandatory/);
		});

		test('an unknown id: HTTP 404 with the API\'s message', async () => {
			const error = nodeError(await run({ operation: 'getUnitsOfMeasure', materialId: MISSING }));
			expect(error.message).toBe(`Campari API: HTTP 404 not found: Material ${MISSING} does not exist [item 0]`);
			expect(error.httpCode).toBe('404');
		});

		test('the error names the item index, HTTP status, X-Mashery-Error-Code and the API message', async () => {
			sandbox.addFault({ route: 'material.getSkuCode', skip: 1, action: { type: 'reply', status: 403, headers: { 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_QPS' }, body: { error: 'Account Over Queries Per Second Limit' } } });
			const result = await run({ operation: 'getSkuCode', materialId: '={{ $json.id }}', options: { concurrency: 1 } }, [{ id: CAMPARI_1L }, { id: APEROL }]);
			const error = nodeError(result);
			expect(error.message).toBe('Campari API: HTTP 403 forbidden [ERR_403_DEVELOPER_OVER_QPS]: Account Over Queries Per Second Limit [item 1]');
			expect(error.httpCode).toBe('403');
			expect(error.context?.itemIndex).toBe(1);
			expect(error.description).toContain('X-Mashery-Error-Code: ERR_403_DEVELOPER_OVER_QPS');
			expect(error.description).toContain('Account Over Queries Per Second Limit');
			expectNoSecrets(result);
		});
	});

	describe('Continue On Fail', () => {
		test('failed items carry their error; the others go on; order and pairedItem kept', async () => {
			sandbox.addFault({ route: 'material.getSkuCode', skip: 2, action: { type: 'reply', status: 403, headers: { 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_QPS' }, body: { error: 'Account Over Queries Per Second Limit' } } });
			const ids = [CAMPARI_1L, MISSING, '', APEROL, '000000000000100003'];
			const result = await run({ operation: 'getSkuCode', materialId: '={{ $json.id }}', options: { concurrency: 1 } }, ids.map((id) => ({ id })), { continueOnFail: true });
			const out = result.output('Campari');
			expect(out.map((o) => o.pairedItem)).toEqual(ids.map((_id, item) => ({ item })));
			expect(out[0].json).toEqual({ MATERIAL: CAMPARI_1L, SKU_CODE: 'SKU-100001' });
			expect(out[1].json).toMatchObject({ itemIndex: 1, httpCode: '404', error: `Campari API: HTTP 404 not found: Material ${MISSING} does not exist [item 1]` });
			expect(out[2].json).toMatchObject({ itemIndex: 2, error: 'Material ID is empty [item 2]', description: 'Check the field "materialId" of item 2.' });
			// item 2 never reached the API, so the third request is item 3's
			expect(out[3].json).toMatchObject({ itemIndex: 3, httpCode: '403', error: expect.stringContaining('Account Over Queries Per Second Limit') });
			expect(out[3].json.masheryErrorCode).toBe('ERR_403_DEVELOPER_OVER_QPS');
			expect(out[3].json.description).toContain('X-Mashery-Error-Code: ERR_403_DEVELOPER_OVER_QPS');
			expect(out[4].json).toEqual({ MATERIAL: '000000000000100003', SKU_CODE: 'SKU-100003' });
			expect(sandbox.seen('material.getSkuCode')).toHaveLength(4);
			expect(result.error).toBeUndefined();
			expectNoSecrets(result);
		});
	});

	describe('input checks fail before any request', () => {
		const cases: Array<[string, INode['parameters'], IDataObject, RegExp]> = [
			['an empty Material ID', { operation: 'getSkuCode', materialId: '={{ $json.id }}' }, { id: '  ' }, /^Material ID is empty \[item 1\]$/],
			['an empty Material Type', { operation: 'getType', materialType: '={{ $json.id }}' }, { id: '' }, /^Material Type is empty \[item 1\]$/],
			['invalid raw JSON for create', { operation: 'create', materialType: 'FERT', dataMode: 'raw', body: '={{ $json.body }}' }, { body: '{"CLIENTDATA": {' }, /^Body \(JSON\) is not valid JSON .*\[item 1\]$/],
			['raw JSON that is not an object', { operation: 'update', materialId: APEROL, dataMode: 'raw', body: '={{ $json.body }}' }, { body: '[1,2]' }, /^Body \(JSON\) must be a JSON object \[item 1\]$/],
			['a NET_WEIGHT that is not a number', { operation: 'create', materialType: 'FERT', dataMode: 'map', clientData: { BASE_UOM: 'BOT', NET_WEIGHT: '={{ $json.w }}' } }, { w: 'heavy' }, /^NET_WEIGHT must be a number, got "heavy" \[item 1\]$/],
			['an update with no fields', { operation: 'update', materialId: APEROL, dataMode: 'map', updateFields: { netWeight: '={{ $json.w }}' } }, { w: '' }, /^There are no fields to change \[item 1\]$/],
			['a quantity that is not a number', { operation: 'convertUnitOfMeasure', materialId: CAMPARI_1L, quantity: '={{ $json.q }}', fromUnit: 'CS', toUnit: 'BOT' }, { q: '1,5 cases' }, /^Quantity must be a number, got "1,5 cases" \[item 1\]$/],
			['an empty unit', { operation: 'convertUnitOfMeasure', materialId: CAMPARI_1L, quantity: 1, fromUnit: 'CS', toUnit: '={{ $json.q }}' }, { q: '' }, /^To Unit is empty \[item 1\]$/],
			['a level that is not a whole number', { operation: 'getProductHierarchy', options: { level: '={{ $json.q }}' } }, { q: 'two' }, /^Level must be a whole number .*\[item 1\]$/],
		];
		test.each(cases)('%s: item 1 named, the field named, 0 API and 0 token requests', async (_what, parameters, badItem, message) => {
			// item 0 is valid: the check of item 1 must still stop the node before item 0 is sent
			const good: IDataObject = { id: CAMPARI_1L, body: '{"CLIENTDATA":{"BASE_UOM":"BOT"}}', w: '1', q: '2' };
			const error = nodeError(await run(parameters, [good, { ...good, ...badItem }]));
			expect(error.message).toMatch(message);
			expect(error.description).toMatch(/^Check the field "[\w.]+" of item 1\.$/);
			expect(error.context?.itemIndex).toBe(1);
			expect(sandbox.stats.apiRequests).toBe(0);
			expect(sandbox.stats.tokenRequests).toBe(0);
		});
	});
});
