/** A unit of measure of a material: `numerator` / `denominator` base units make one of it (SAP's UMREZ/UMREN). */
export interface SampleUom {
	uoms: string;
	description: string;
	numerator: number;
	denominator: number;
}

/** Seeded sample materials in the portal's field names (Retrieve Material by Id). */
export interface SampleMaterial {
	MATERIAL_GENERAL_DATA: Record<string, string | number>;
	MATERIALPLANTDATA: Record<string, string>;
	MATERIALVALUATIONDATA: Record<string, string | number>;
	uoms: SampleUom[];
	/** Retrieve Material SKU Code (inferred: the portal page could not be read). */
	skuCode: string;
}

const UOM_TEXT: Record<string, string> = { BOT: 'Bottle', EA: 'Each', KG: 'Kilogram', CS: 'Case', PAL: 'Pallet', G: 'Gram', DRM: 'Drum' };

/** Units a material can be counted in besides its base unit, by base unit. */
function alternativeUoms(baseUom: string, perCase: number): SampleUom[] {
	if (baseUom === 'KG') return [{ uoms: 'G', description: UOM_TEXT.G, numerator: 1, denominator: 1000 }, { uoms: 'DRM', description: UOM_TEXT.DRM, numerator: 200, denominator: 1 }];
	return [
		{ uoms: 'CS', description: UOM_TEXT.CS, numerator: perCase, denominator: 1 },
		{ uoms: 'PAL', description: UOM_TEXT.PAL, numerator: perCase * 100, denominator: 1 },
	];
}

export function uomsFor(baseUom: string, perCase = 6): SampleUom[] {
	return [{ uoms: baseUom, description: UOM_TEXT[baseUom] ?? baseUom, numerator: 1, denominator: 1 }, ...alternativeUoms(baseUom, perCase)];
}

const material = (id: string, desc: string, type: string, baseUom: string, net: number, gross: number, price: number, prodHier: string, perCase = 6): [string, SampleMaterial] => [
	id,
	{
		MATERIAL_GENERAL_DATA: { MATERIAL: id, MATL_DESC: desc, MATL_TYPE: type, MATL_GROUP: 'SPIRITS', BASE_UOM: baseUom, PO_UNIT: baseUom, GROSS_WT: gross, NET_WEIGHT: net, UNIT_OF_WT: 'KG', EAN_UPC: `80${id.slice(-11).padStart(11, '0')}`, DIVISION: '10', PROD_HIER: prodHier },
		MATERIALPLANTDATA: { PLANT: 'IT01', PUR_GROUP: '001', ISSUE_UNIT: baseUom },
		MATERIALVALUATIONDATA: { VALUATIONAREA: 'IT01', PRICE_CTRL: 'S', MOVING_PR: price, STD_PRICE: price, PRICE_UNIT: 1, CURRENCY: 'EUR', CURRENCY_ISO: 'EUR' },
		uoms: uomsFor(baseUom, perCase),
		skuCode: `SKU-${id.replace(/^0+/, '')}`,
	},
];

export function seedMaterials(): Map<string, SampleMaterial> {
	return new Map([
		material('000000000000100001', 'Campari Bitter 1L', 'FERT', 'BOT', 1.0, 1.6, 9.8, '001000200030004000', 6),
		material('000000000000100002', 'Aperol 0.7L', 'FERT', 'BOT', 0.7, 1.2, 7.4, '001000200030005000', 6),
		material('000000000000100003', 'Wild Turkey 101 0.7L', 'FERT', 'BOT', 0.7, 1.25, 14.2, '001000300030006000', 12),
		material('000000000000100004', 'Orange Peel Extract', 'ROH', 'KG', 1, 1.05, 22.5, '002000100010001000'),
		material('000000000000100005', 'Glass Bottle 1L', 'VERP', 'EA', 0.55, 0.55, 0.31, '003000100010001000', 24),
	]);
}

/** Material ids the sandbox answers for any 18-digit id, so load tests can use many ids. */
export function syntheticMaterial(id: string): SampleMaterial {
	return material(id, `Sample material ${id.replace(/^0+/, '')}`, 'FERT', 'BOT', 0.7, 1.2, 8.5, '001000200030004000')[1];
}

export const MATERIAL_TYPES = [
	{ code: 'FERT', description: 'Finished Product' },
	{ code: 'HALB', description: 'Semifinished Product' },
	{ code: 'ROH', description: 'Raw Material' },
	{ code: 'VERP', description: 'Packaging' },
];

/**
 * Retrieve Product Hierarchy (inferred: the portal page could not be read). SAP's standard
 * product hierarchy is 18 characters in three levels of 5, 5 and 8; a level's code starts with
 * its parent's.
 */
export const PRODUCT_HIERARCHY = [
	{ PROD_HIER: '00100', LEVEL: 1, DESCRIPTION: 'Spirits' },
	{ PROD_HIER: '0010002000', LEVEL: 2, DESCRIPTION: 'Aperitifs and Bitters' },
	{ PROD_HIER: '001000200030004000', LEVEL: 3, DESCRIPTION: 'Campari' },
	{ PROD_HIER: '001000200030005000', LEVEL: 3, DESCRIPTION: 'Aperol' },
	{ PROD_HIER: '0010003000', LEVEL: 2, DESCRIPTION: 'Whiskey' },
	{ PROD_HIER: '001000300030006000', LEVEL: 3, DESCRIPTION: 'Wild Turkey' },
	{ PROD_HIER: '00200', LEVEL: 1, DESCRIPTION: 'Raw Materials' },
	{ PROD_HIER: '0020001000', LEVEL: 2, DESCRIPTION: 'Botanicals' },
	{ PROD_HIER: '002000100010001000', LEVEL: 3, DESCRIPTION: 'Citrus Extracts' },
	{ PROD_HIER: '00300', LEVEL: 1, DESCRIPTION: 'Packaging' },
	{ PROD_HIER: '0030001000', LEVEL: 2, DESCRIPTION: 'Glass' },
	{ PROD_HIER: '003000100010001000', LEVEL: 3, DESCRIPTION: 'Bottles' },
];
