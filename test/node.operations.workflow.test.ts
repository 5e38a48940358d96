import type { IDataObject, INode } from 'n8n-workflow';

import { CampariSandbox } from '../sandbox/server';
import { chain, newCredentialsHelper, node, runWorkflow, sandboxCredential } from './helpers/harness';
import { useSandbox } from './helpers/sandbox';

const CAMPARI = 'n8n-nodes-campari.campariMaterial';
const CAMPARI_1L = '000000000000100001';
const APEROL = '000000000000100002';
const WILD_TURKEY = '000000000000100003'; // 12 bottles a case in the sandbox data

/** Every REST Material operation through WorkflowExecute against a real sandbox on loopback. */
describe('Campari Material node: REST operations', () => {
	let sandbox: CampariSandbox;
	useSandbox((s) => (sandbox = s), {
			// Stand-ins for paths Campari might move an operation to: the override tests must reach them.
			routes: [
				{ name: 'test.patchChanges', method: 'PATCH', pattern: /^\/master-data\/v2\/materials\/([^/]+)\/changes$/, handle: ({ params }) => ({ status: 200, body: { status: 'Success', materialCode: params[0], via: 'v2' } }) },
				{ name: 'test.typeV1', method: 'GET', pattern: /^\/master-data\/materials\/types\/v1\/([^/]+)$/, handle: ({ params }) => ({ status: 200, body: { code: params[0], description: 'from v1' } }) },
			],
		});

	/** Trigger → items → Campari (→ more Campari nodes), run in n8n's engine. */
	async function run(parameters: INode['parameters'], items: IDataObject[] = [{}], then: Array<INode['parameters']> = []) {
		const names = ['Trigger', 'Items', 'Campari', ...then.map((_p, i) => `Then${i}`)];
		const nodes = [
			node('Trigger', 'n8n-nodes-base.manualTrigger'),
			node('Items', 'test.itemsSource', { items: JSON.stringify(items) }),
			node('Campari', CAMPARI, { resource: 'material', ...parameters }),
			...then.map((p, i) => node(`Then${i}`, CAMPARI, { resource: 'material', ...p })),
		];
		return runWorkflow(nodes, chain(...names), newCredentialsHelper(sandboxCredential(sandbox)));
	}
	const onlySeen = (route: string) => {
		const seen = sandbox.seen(route);
		expect(seen).toHaveLength(1);
		return seen[0];
	};

	test('create (Map Fields): POST materials?type=FERT with CLIENTDATA in the portal\'s names; the material is then readable', async () => {
		const result = await run(
			{
				operation: 'create',
				materialType: 'FERT',
				dataMode: 'map',
				clientData: { BASE_UOM: 'BOT', MATL_GROUP: 'SPIRITS', NET_WEIGHT: '={{ $json.weight }}', PROD_HIER: '001000200030004000', DEL_FLAG: '' },
				otherClientData: { field: [{ name: 'MATL_DESC', value: '={{ $json.name }}' }] },
			},
			[{ name: 'Campari Soda 0.1L', weight: '0,1' }],
			[{ operation: 'get', materialId: '={{ $json.materialCode }}' }],
		);
		const created = result.output('Campari');
		expect(created).toHaveLength(1);
		expect(created[0].json).toMatchObject({ status: 'Success', materialCode: expect.stringMatching(/^\d{18}$/) });
		const seen = onlySeen('material.create');
		expect(seen.method).toBe('POST');
		expect(seen.path).toBe('/master-data/materials');
		expect(seen.query).toEqual({ type: 'FERT' });
		expect(seen.headers['content-type']).toMatch(/^application\/json/);
		// DEL_FLAG was left empty: not sent; NET_WEIGHT "0,1" from an expression arrives as a number.
		expect(JSON.parse(seen.body)).toEqual({ CLIENTDATA: { BASE_UOM: 'BOT', MATL_GROUP: 'SPIRITS', NET_WEIGHT: 0.1, PROD_HIER: '001000200030004000', MATL_DESC: 'Campari Soda 0.1L' } });
		const read = result.output('Then0')[0].json.MATERIAL_GENERAL_DATA as IDataObject;
		expect(read).toMatchObject({ MATERIAL: created[0].json.materialCode, MATL_TYPE: 'FERT', MATL_DESC: 'Campari Soda 0.1L', NET_WEIGHT: 0.1 });
		expect(created[0].pairedItem).toEqual({ item: 0 });
	});

	test('create (Raw JSON): the body is sent as given, one request per item', async () => {
		const result = await run({ operation: 'create', materialType: '={{ $json.type }}', dataMode: 'raw', body: '={{ JSON.stringify({ CLIENTDATA: { BASE_UOM: $json.uom, DIVISION: "20" } }) }}' }, [
			{ type: 'ROH', uom: 'KG' },
			{ type: 'VERP', uom: 'EA' },
		]);
		const out = result.output('Campari');
		expect(out.map((o) => o.json.status)).toEqual(['Success', 'Success']);
		expect(out[0].json.materialCode).not.toBe(out[1].json.materialCode);
		const seen = sandbox.seen('material.create').sort((a, b) => a.query.type.localeCompare(b.query.type));
		expect(seen.map((s) => [s.query.type, JSON.parse(s.body)])).toEqual([
			['ROH', { CLIENTDATA: { BASE_UOM: 'KG', DIVISION: '20' } }],
			['VERP', { CLIENTDATA: { BASE_UOM: 'EA', DIVISION: '20' } }],
		]);
	});

	test('getType: GET materials/types/{materialType}', async () => {
		const result = await run({ operation: 'getType', materialType: 'ROH' });
		expect(result.output('Campari').map((o) => o.json)).toEqual([{ code: 'ROH', description: 'Raw Material' }]);
		const seen = onlySeen('material.getType');
		expect([seen.method, seen.path]).toEqual(['GET', '/master-data/materials/types/ROH']);
	});

	test('getUnitsOfMeasure: one item per unit, per input item, in input order', async () => {
		const result = await run({ operation: 'getUnitsOfMeasure', materialId: '={{ $json.id }}' }, [{ id: WILD_TURKEY }, { id: '000000000000100004' }]);
		const out = result.output('Campari');
		expect(out.map((o) => [o.json.uoms, o.pairedItem])).toEqual([
			['BOT', { item: 0 }],
			['CS', { item: 0 }],
			['PAL', { item: 0 }],
			['KG', { item: 1 }],
			['G', { item: 1 }],
			['DRM', { item: 1 }],
		]);
		expect(out[0].json).toEqual({ uoms: 'BOT', description: 'Bottle' });
		expect(sandbox.seen('material.getUnitsOfMeasure').map((s) => s.path).sort()).toEqual([`/master-data/materials/${WILD_TURKEY}/uoms`, '/master-data/materials/000000000000100004/uoms']);
	});

	test('update (Map Fields): PUT materials/{id} with only the fields set; the change is stored', async () => {
		const result = await run(
			{ operation: 'update', materialId: APEROL, dataMode: 'map', updateFields: { netWeight: '={{ $json.w }}', prodHierarchy: '001000300030006000', orderUnit: 'CS' } },
			[{ w: '0,75' }],
			[{ operation: 'get', materialId: APEROL }],
		);
		expect(result.output('Campari')[0].json).toMatchObject({ status: 'Success', materialCode: APEROL });
		const seen = onlySeen('material.update');
		expect([seen.method, seen.path]).toEqual(['PUT', `/master-data/materials/${APEROL}`]);
		expect(JSON.parse(seen.body)).toEqual({ netWeight: 0.75, prodHierarchy: '001000300030006000', orderUnit: 'CS' });
		expect(result.output('Then0')[0].json.MATERIAL_GENERAL_DATA).toMatchObject({ NET_WEIGHT: 0.75, PROD_HIER: '001000300030006000', PO_UNIT: 'CS', MATL_DESC: 'Aperol 0.7L' });
	});

	test('update (Raw JSON): the body is sent as given', async () => {
		const result = await run({ operation: 'update', materialId: '000000000000100005', dataMode: 'raw', body: '{"crossPlantMatStatus":"Z6","minRemLife":30}' });
		expect(result.output('Campari')[0].json.status).toBe('Success');
		expect(JSON.parse(onlySeen('material.update').body)).toEqual({ crossPlantMatStatus: 'Z6', minRemLife: 30 });
	});

	test('convertUnitOfMeasure: quantity "1,5" from an expression is sent as 1.5; the answer is one item', async () => {
		const result = await run({ operation: 'convertUnitOfMeasure', materialId: WILD_TURKEY, quantity: '={{ $json.q }}', fromUnit: '={{ $json.from }}', toUnit: '={{ $json.to }}' }, [
			{ q: '1,5', from: 'CS', to: 'BOT' },
			{ q: 2, from: 'PAL', to: 'CS' },
		]);
		expect(result.output('Campari').map((o) => o.json)).toEqual([
			{ materialCode: WILD_TURKEY, quantity: 1.5, fromUnit: 'CS', toUnit: 'BOT', convertedQuantity: 18 },
			{ materialCode: WILD_TURKEY, quantity: 2, fromUnit: 'PAL', toUnit: 'CS', convertedQuantity: 200 },
		]);
		const seen = sandbox.seen('material.convertUnitOfMeasure');
		expect(seen.every((s) => s.method === 'GET' && s.path === `/master-data/materials/${WILD_TURKEY}/uoms/convert`)).toBe(true);
		expect(seen.map((s) => s.query).sort((a, b) => a.from.localeCompare(b.from))).toEqual([
			{ quantity: '1.5', from: 'CS', to: 'BOT' },
			{ quantity: '2', from: 'PAL', to: 'CS' },
		]);
	});

	test('getProductHierarchy: all nodes without a filter; PROD_HIER and LEVEL filters are sent as query', async () => {
		const all = await run({ operation: 'getProductHierarchy' });
		expect(all.output('Campari').length).toBeGreaterThan(5);
		expect(onlySeen('material.getProductHierarchy').query).toEqual({});

		sandbox.resetCounters();
		const filtered = await run({ operation: 'getProductHierarchy', options: { hierarchyCode: '00100', level: 3 } });
		expect(filtered.output('Campari').map((o) => o.json.PROD_HIER)).toEqual(['001000200030004000', '001000200030005000', '001000300030006000']);
		const seen = onlySeen('material.getProductHierarchy');
		expect([seen.method, seen.path, seen.query]).toEqual(['GET', '/master-data/materials/product-hierarchy', { PROD_HIER: '00100', LEVEL: '3' }]);
	});

	test('getSkuCode: GET materials/{id}/sku', async () => {
		const result = await run({ operation: 'getSkuCode', materialId: CAMPARI_1L });
		expect(result.output('Campari').map((o) => o.json)).toEqual([{ MATERIAL: CAMPARI_1L, SKU_CODE: 'SKU-100001' }]);
		const seen = onlySeen('material.getSkuCode');
		expect([seen.method, seen.path]).toEqual(['GET', `/master-data/materials/${CAMPARI_1L}/sku`]);
		expect(seen.headers.authorization).toMatch(/^Bearer \S{20,}$/);
	});

	test('"Return Full Response" gives {status, headers, body}', async () => {
		const result = await run({ operation: 'getSkuCode', materialId: CAMPARI_1L, options: { fullResponse: true } });
		const [item] = result.output('Campari');
		expect(item.json).toEqual({ status: 200, headers: expect.objectContaining({ 'content-type': 'application/json' }), body: { MATERIAL: CAMPARI_1L, SKU_CODE: 'SKU-100001' } });
	});

	test('path and method overrides: update goes as PATCH to another path; {materialId} is filled', async () => {
		const result = await run({ operation: 'update', materialId: CAMPARI_1L, dataMode: 'map', updateFields: { unitOfWeight: 'G' }, options: { method: 'PATCH', path: 'v2/materials/{materialId}/changes' } });
		expect(result.output('Campari')[0].json).toEqual({ status: 'Success', materialCode: CAMPARI_1L, via: 'v2' });
		const seen = onlySeen('test.patchChanges');
		expect([seen.method, seen.path, JSON.parse(seen.body)]).toEqual(['PATCH', `/master-data/v2/materials/${CAMPARI_1L}/changes`, { unitOfWeight: 'G' }]);
		expect(sandbox.seen('material.update')).toHaveLength(0);
	});

	test('path override of a GET operation: getType reaches the older "types/v1/{type}" path', async () => {
		const result = await run({ operation: 'getType', materialType: 'FERT', options: { path: 'materials/types/v1/{materialType}' } });
		expect(result.output('Campari')[0].json).toEqual({ code: 'FERT', description: 'from v1' });
		expect(onlySeen('test.typeV1').path).toBe('/master-data/materials/types/v1/FERT');
	});

	test('an id with "/" or "?" stays one path segment', async () => {
		const result = await run({ operation: 'getSkuCode', materialId: '../types?x=1', options: {} });
		expect(result.error?.message).toMatch(/HTTP 404/);
		const [seen] = sandbox.seen();
		expect(seen.path).toBe('/master-data/materials/..%2Ftypes%3Fx%3D1/sku');
		expect(seen.query).toEqual({});
	});
});
