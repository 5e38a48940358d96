import { MATERIAL_TYPES, PRODUCT_HIERARCHY, type SampleMaterial, seedMaterials, syntheticMaterial, uomsFor } from '../data';
import type { Route, RouteContext } from '../route';
import type { Reply, SandboxState } from '../state';

const BASE = '^/master-data';

/** The material store of this sandbox, seeded on first use. */
export function materials(state: SandboxState): Map<string, SampleMaterial> {
	let store = state.store.get('materials') as Map<string, SampleMaterial> | undefined;
	if (!store) {
		store = seedMaterials();
		state.store.set('materials', store);
	}
	return store;
}

/** A seeded material, or a synthetic one for any other 18-digit id ("0" ids do not exist). */
export function findMaterial(state: SandboxState, id: string): SampleMaterial | undefined {
	const known = materials(state).get(id);
	if (known) return known;
	return /^\d{18}$/.test(id) && !/^0+$/.test(id) && !id.startsWith('9') ? syntheticMaterial(id) : undefined;
}

type Message = { type: 'S' | 'W' | 'E'; message: string };

const errorBody = (...messages: string[]) => ({ status: 'Error', messages: messages.map((message): Message => ({ type: 'E', message })) });
const notFound = (id: string): Reply => ({ status: 404, body: errorBody(`Material ${id} does not exist`) });
const badRequest = (...messages: string[]): Reply => ({ status: 400, body: errorBody(...messages) });
/** The portal notes that its JSON services answer some failures with HTTP 200 and status "Error". */
const businessError = (...messages: string[]): Reply => ({ status: 200, body: errorBody(...messages) });

/** The JSON object a write sent, or the reply that refuses it (so tests prove what the node sent). */
function jsonObject(ctx: RouteContext): { value: Record<string, unknown> } | { refused: Reply } {
	if (!/^application\/json\b/i.test(ctx.headers['content-type'] ?? '')) return { refused: { status: 415, body: errorBody(`Content-Type must be application/json, got "${ctx.headers['content-type'] ?? ''}"`) } };
	let parsed: unknown;
	try {
		parsed = JSON.parse(ctx.body);
	} catch {
		return { refused: badRequest('The body is not valid JSON') };
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { refused: badRequest('The body must be a JSON object') };
	return { value: parsed as Record<string, unknown> };
}
const numeric = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()));

/** CLIENTDATA field → where Retrieve Material by Id shows it. */
const CREATE_FIELDS = ['DEL_FLAG', 'MATL_GROUP', 'OLD_MAT_NO', 'BASE_UOM', 'PO_UNIT', 'NET_WEIGHT', 'UNIT_OF_WT', 'DIVISION', 'PROD_HIER', 'QTY_GR_GI', 'MATL_DESC'];
const NUMERIC_CREATE_FIELDS = ['NET_WEIGHT', 'QTY_GR_GI'];

/** Update field (older JSON edition, camelCase) → the SAP field of the stored material. */
const UPDATE_FIELDS: Record<string, string> = {
	crossPlantMatStatus: 'PUR_STATUS',
	prodHierarchy: 'PROD_HIER',
	baseUnitOfMeasure: 'BASE_UOM',
	orderUnit: 'PO_UNIT',
	unitOfWeight: 'UNIT_OF_WT',
	netWeight: 'NET_WEIGHT',
	purValKey: 'PUR_VALKEY',
	varOrdUn: 'VAR_ORD_UN',
	qualityMgmtProc: 'QM_PROCMNT',
	minRemLife: 'MINREMLIFE',
};
const NUMERIC_UPDATE_FIELDS = ['netWeight', 'minRemLife'];

function createMaterial(ctx: RouteContext): Reply {
	const type = ctx.query.get('type')?.trim() ?? '';
	if (type === '') return badRequest("The query parameter 'type' (material type) is mandatory");
	const sent = jsonObject(ctx);
	if ('refused' in sent) return sent.refused;
	const body = sent.value;
	if (!MATERIAL_TYPES.some((t) => t.code === type)) return businessError(`Material type ${type} is not defined`);
	const data = body.CLIENTDATA;
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return businessError('CLIENTDATA is missing or not an object');
	const fields = data as Record<string, unknown>;
	const problems: string[] = [];
	if (typeof fields.BASE_UOM !== 'string' || fields.BASE_UOM.trim() === '') problems.push('BASE_UOM is mandatory');
	for (const f of NUMERIC_CREATE_FIELDS) if (f in fields && !numeric(fields[f])) problems.push(`${f} must be a number, got ${JSON.stringify(fields[f])}`);
	if ('DEL_FLAG' in fields && !['', 'X'].includes(String(fields.DEL_FLAG))) problems.push('DEL_FLAG must be "X" or empty');
	for (const [k, v] of Object.entries(fields)) if (typeof v === 'object' && v !== null) problems.push(`${k} must be a single value`);
	if (problems.length > 0) return businessError(...problems);

	const store = materials(ctx.state);
	const created = (ctx.state.store.get('materials.created') as number | undefined) ?? 0;
	ctx.state.store.set('materials.created', created + 1);
	const id = String(200001 + created).padStart(18, '0');
	const general: Record<string, string | number> = { MATERIAL: id, MATL_TYPE: type };
	for (const [k, v] of Object.entries(fields)) general[k] = NUMERIC_CREATE_FIELDS.includes(k) ? Number(v) : String(v);
	const baseUom = String(fields.BASE_UOM);
	store.set(id, {
		MATERIAL_GENERAL_DATA: general,
		MATERIALPLANTDATA: { PLANT: 'IT01', PUR_GROUP: '001', ISSUE_UNIT: baseUom },
		MATERIALVALUATIONDATA: { VALUATIONAREA: 'IT01', CURRENCY: 'EUR', CURRENCY_ISO: 'EUR' },
		uoms: uomsFor(baseUom),
		skuCode: `SKU-${id.replace(/^0+/, '')}`,
	});
	const unknown = Object.keys(fields).filter((k) => !CREATE_FIELDS.includes(k));
	const messages: Message[] = [{ type: 'S', message: `Material ${id} created` }];
	if (unknown.length > 0) messages.push({ type: 'W', message: `Fields not checked by the sandbox: ${unknown.join(', ')}` });
	return { status: 200, body: { status: 'Success', materialCode: id, messages } };
}

function updateMaterial(ctx: RouteContext): Reply {
	const id = ctx.params[0];
	const found = findMaterial(ctx.state, id);
	if (!found) return notFound(id);
	const sent = jsonObject(ctx);
	if ('refused' in sent) return sent.refused;
	const body = sent.value;
	const keys = Object.keys(body);
	if (keys.length === 0) return businessError('No fields to change');
	const unknown = keys.filter((k) => !(k in UPDATE_FIELDS));
	if (unknown.length > 0) return businessError(`Fields not known: ${unknown.join(', ')}`);
	const bad = keys.filter((k) => (NUMERIC_UPDATE_FIELDS.includes(k) ? !numeric(body[k]) : typeof body[k] !== 'string'));
	if (bad.length > 0) return businessError(...bad.map((k) => `${k} has an invalid value ${JSON.stringify(body[k])}`));
	const general = { ...found.MATERIAL_GENERAL_DATA };
	for (const k of keys) general[UPDATE_FIELDS[k]] = NUMERIC_UPDATE_FIELDS.includes(k) ? Number(body[k]) : String(body[k]);
	materials(ctx.state).set(id, { ...found, MATERIAL_GENERAL_DATA: general });
	return { status: 200, body: { status: 'Success', materialCode: id, messages: [{ type: 'S', message: `Material ${id} changed: ${keys.join(', ')}` }] } };
}

function convertUom(ctx: RouteContext): Reply {
	const id = ctx.params[0];
	const found = findMaterial(ctx.state, id);
	if (!found) return notFound(id);
	const quantity = ctx.query.get('quantity') ?? '';
	const from = ctx.query.get('from') ?? '';
	const to = ctx.query.get('to') ?? '';
	const problems: string[] = [];
	if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(quantity)) problems.push(`quantity must be a number with a "." decimal point, got "${quantity}"`);
	if (from === '') problems.push('from is mandatory');
	if (to === '') problems.push('to is mandatory');
	if (problems.length > 0) return badRequest(...problems);
	const fromUom = found.uoms.find((u) => u.uoms === from);
	const toUom = found.uoms.find((u) => u.uoms === to);
	const undefinedUnits = [from, to].filter((u, i) => (i === 0 ? !fromUom : !toUom));
	if (!fromUom || !toUom) return businessError(...undefinedUnits.map((u) => `Unit ${u} is not defined for material ${id}`));
	const base = Number(quantity) * (fromUom.numerator / fromUom.denominator);
	const converted = Math.round((base / (toUom.numerator / toUom.denominator)) * 1e6) / 1e6;
	return { status: 200, body: { materialCode: id, quantity: Number(quantity), fromUnit: from, toUnit: to, convertedQuantity: converted } };
}

function productHierarchy(ctx: RouteContext): Reply {
	const code = ctx.query.get('PROD_HIER')?.trim() ?? '';
	const level = ctx.query.get('LEVEL')?.trim() ?? '';
	if (level !== '' && !/^[1-3]$/.test(level)) return badRequest(`LEVEL must be 1, 2 or 3, got "${level}"`);
	const nodes = PRODUCT_HIERARCHY.filter((n) => n.PROD_HIER.startsWith(code) && (level === '' || n.LEVEL === Number(level)));
	if (code !== '' && nodes.length === 0) return { status: 404, body: errorBody(`Product hierarchy ${code} does not exist`) };
	return { status: 200, body: { productHierarchy: nodes } };
}

const withMaterial = (handle: (found: SampleMaterial, id: string, ctx: RouteContext) => Reply) => (ctx: RouteContext): Reply => {
	const found = findMaterial(ctx.state, ctx.params[0]);
	return found ? handle(found, ctx.params[0], ctx) : notFound(ctx.params[0]);
};

/**
 * REST Material routes (paths as the portal's slugs suggest; see campari-api.md). The first route
 * whose pattern and method match answers, so fixed paths come before `materials/{id}`.
 */
export const materialRoutes: Route[] = [
	{
		name: 'material.getTypes',
		method: 'GET',
		pattern: new RegExp(`${BASE}/materials/types$`),
		handle: () => ({ status: 200, body: { materials: { types: MATERIAL_TYPES } } }),
	},
	{
		name: 'material.getType',
		method: 'GET',
		pattern: new RegExp(`${BASE}/materials/types/([^/]+)$`),
		handle: ({ params }) => {
			const type = MATERIAL_TYPES.find((t) => t.code === params[0]);
			return type ? { status: 200, body: type } : { status: 404, body: errorBody(`Material type ${params[0]} is not defined`) };
		},
	},
	{ name: 'material.getProductHierarchy', method: 'GET', pattern: new RegExp(`${BASE}/materials/product-hierarchy$`), handle: productHierarchy },
	{ name: 'material.create', method: 'POST', pattern: new RegExp(`${BASE}/materials$`), handle: createMaterial },
	{
		name: 'material.getUnitsOfMeasure',
		method: 'GET',
		pattern: new RegExp(`${BASE}/materials/([^/]+)/uoms$`),
		// The portal's answer names only the unit and its text; the factors stay server-side.
		handle: withMaterial((found) => ({ status: 200, body: found.uoms.map(({ uoms, description }) => ({ uoms, description })) })),
	},
	{ name: 'material.convertUnitOfMeasure', method: 'GET', pattern: new RegExp(`${BASE}/materials/([^/]+)/uoms/convert$`), handle: convertUom },
	{
		name: 'material.getSkuCode',
		method: 'GET',
		pattern: new RegExp(`${BASE}/materials/([^/]+)/sku$`),
		handle: withMaterial((found, id) => ({ status: 200, body: { MATERIAL: id, SKU_CODE: found.skuCode } })),
	},
	{
		name: 'material.get',
		method: 'GET',
		pattern: new RegExp(`${BASE}/materials/([^/]+)$`),
		handle: withMaterial((found, _id, { query }) => {
			const plant = query.get('PLANT');
			const area = query.get('VALUATIONAREA');
			return {
				status: 200,
				body: {
					MATERIAL_GENERAL_DATA: found.MATERIAL_GENERAL_DATA,
					MATERIALPLANTDATA: plant ? { ...found.MATERIALPLANTDATA, PLANT: plant } : found.MATERIALPLANTDATA,
					MATERIALVALUATIONDATA: area ? { ...found.MATERIALVALUATIONDATA, VALUATIONAREA: area } : found.MATERIALVALUATIONDATA,
				},
			};
		}),
	},
	{ name: 'material.update', method: 'PUT', pattern: new RegExp(`${BASE}/materials/([^/]+)$`), handle: updateMaterial },
];
