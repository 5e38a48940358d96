/** Seeded sample materials in the portal's field names (Retrieve Material by Id). */
export interface SampleMaterial {
	MATERIAL_GENERAL_DATA: Record<string, string | number>;
	MATERIALPLANTDATA: Record<string, string>;
	MATERIALVALUATIONDATA: Record<string, string | number>;
	uoms: Array<{ uoms: string; description: string; numerator: number; denominator: number }>;
}

const material = (id: string, desc: string, type: string, baseUom: string, net: number, gross: number, price: number): [string, SampleMaterial] => [
	id,
	{
		MATERIAL_GENERAL_DATA: { MATERIAL: id, MATL_DESC: desc, MATL_TYPE: type, MATL_GROUP: 'SPIRITS', BASE_UOM: baseUom, GROSS_WT: gross, NET_WEIGHT: net, UNIT_OF_WT: 'KG', EAN_UPC: `80${id.slice(-11).padStart(11, '0')}`, DIVISION: '10', PROD_HIER: '0010002000300040' },
		MATERIALPLANTDATA: { PLANT: 'IT01', PUR_GROUP: '001', ISSUE_UNIT: baseUom },
		MATERIALVALUATIONDATA: { VALUATIONAREA: 'IT01', PRICE_CTRL: 'S', MOVING_PR: price, STD_PRICE: price, PRICE_UNIT: 1, CURRENCY: 'EUR', CURRENCY_ISO: 'EUR' },
		uoms: [
			{ uoms: baseUom, description: baseUom === 'BOT' ? 'Bottle' : 'Each', numerator: 1, denominator: 1 },
			{ uoms: 'CS', description: 'Case', numerator: 6, denominator: 1 },
			{ uoms: 'PAL', description: 'Pallet', numerator: 600, denominator: 1 },
		],
	},
];

export function seedMaterials(): Map<string, SampleMaterial> {
	return new Map([
		material('000000000000100001', 'Campari Bitter 1L', 'FERT', 'BOT', 1.0, 1.6, 9.8),
		material('000000000000100002', 'Aperol 0.7L', 'FERT', 'BOT', 0.7, 1.2, 7.4),
		material('000000000000100003', 'Wild Turkey 101 0.7L', 'FERT', 'BOT', 0.7, 1.25, 14.2),
		material('000000000000100004', 'Orange Peel Extract', 'ROH', 'KG', 1, 1.05, 22.5),
		material('000000000000100005', 'Glass Bottle 1L', 'VERP', 'EA', 0.55, 0.55, 0.31),
	]);
}

/** Material ids the sandbox answers for any 18-digit id, so load tests can use many ids. */
export function syntheticMaterial(id: string): SampleMaterial {
	return material(id, `Sample material ${id.replace(/^0+/, '')}`, 'FERT', 'BOT', 0.7, 1.2, 8.5)[1];
}

export const MATERIAL_TYPES = [
	{ code: 'FERT', description: 'Finished Product' },
	{ code: 'HALB', description: 'Semifinished Product' },
	{ code: 'ROH', description: 'Raw Material' },
	{ code: 'VERP', description: 'Packaging' },
];
