import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { dataModeProperty, jsonObjectParameter, numberParameter, requestOptions, requiredString, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

const PATH = 'materials';

/** The CLIENTDATA fields the portal's Create Material page lists, in its spelling. */
const text = (name: string, displayName: string, description: string, placeholder = ''): INodeProperties => ({ displayName, name, type: 'string', default: '', placeholder, description });
const CLIENTDATA_FIELDS: INodeProperties[] = [
	text('BASE_UOM', 'Base Unit of Measure (BASE_UOM)', 'The unit the material is stocked in', 'BOT'),
	text('DEL_FLAG', 'Deletion Flag (DEL_FLAG)', '"X" flags the material for deletion at client level', 'X'),
	text('DIVISION', 'Division (DIVISION)', 'The SAP division', '10'),
	{ displayName: 'Goods Receipt/Issue Quantity (QTY_GR_GI)', name: 'QTY_GR_GI', type: 'number', default: 0, description: 'Sent as a number' },
	text('MATL_GROUP', 'Material Group (MATL_GROUP)', 'The SAP material group', 'SPIRITS'),
	{ displayName: 'Net Weight (NET_WEIGHT)', name: 'NET_WEIGHT', type: 'number', default: 0, typeOptions: { numberPrecision: 3 }, description: 'Sent as a number; text such as "0,7" from an expression is accepted' },
	text('OLD_MAT_NO', 'Old Material Number (OLD_MAT_NO)', 'The material number in a former system'),
	text('PO_UNIT', 'Order Unit (PO_UNIT)', 'The purchase order unit of measure', 'CS'),
	text('PROD_HIER', 'Product Hierarchy (PROD_HIER)', 'The product hierarchy code', '001000200030004000'),
	text('UNIT_OF_WT', 'Weight Unit (UNIT_OF_WT)', 'The unit of the weights', 'KG'),
];
const NUMERIC = new Set(['NET_WEIGHT', 'QTY_GR_GI']);

/** CLIENTDATA from the mapped fields plus any further fields the portal's list elides ("…"). */
function mappedBody(ef: IExecuteFunctions, i: number): IDataObject {
	const mapped = ef.getNodeParameter('clientData', i, {}) as IDataObject;
	const data: IDataObject = {};
	for (const [name, value] of Object.entries(mapped)) {
		if (value === undefined || value === null || value === '') continue;
		data[name] = NUMERIC.has(name) ? numberParameter(ef, `clientData.${name}`, i, name) : String(value);
	}
	const extra = ((ef.getNodeParameter('otherClientData', i, {}) as IDataObject).field ?? []) as Array<{ name?: string; value?: unknown }>;
	for (const { name, value } of extra) {
		const key = String(name ?? '').trim();
		if (key === '') throw inputError(ef, i, 'otherClientData', 'An entry of "Other CLIENTDATA Fields" has an empty name');
		data[key] = value === undefined || value === null ? '' : String(value);
	}
	return { CLIENTDATA: data };
}

export const createMaterial: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a material',
	description: 'Create a material in SAP (POST /materials?type={materialType})',
	properties: [
		{
			displayName: 'Material Type',
			name: 'materialType',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'FERT',
			description: 'Sent as the mandatory "type" query parameter (see Get Types)',
		},
		dataModeProperty('Fill the documented CLIENTDATA fields'),
		{
			displayName: 'Client Data',
			name: 'clientData',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			displayOptions: { show: { dataMode: ['map'] } },
			description: 'Sent inside the CLIENTDATA object, in the portal\'s field names',
			options: CLIENTDATA_FIELDS,
		},
		{
			displayName: 'Other CLIENTDATA Fields',
			name: 'otherClientData',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add field',
			default: {},
			displayOptions: { show: { dataMode: ['map'] } },
			description: 'Further CLIENTDATA fields by their SAP name (e.g. MATL_DESC), sent as text',
			options: [{ name: 'field', displayName: 'Field', values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			] }],
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			default: '{\n  "CLIENTDATA": {\n    "BASE_UOM": "BOT"\n  }\n}',
			displayOptions: { show: { dataMode: ['raw'] } },
			description: 'The whole request body, usually {"CLIENTDATA": {…}}',
		},
		requestOptions({ method: 'POST', path: PATH }),
	],
	build(ef, i, options) {
		const materialType = requiredString(ef, 'materialType', i, 'Material Type');
		const json = ef.getNodeParameter('dataMode', i, 'map') === 'raw' ? jsonObjectParameter(ef, 'body', i, 'Body (JSON)') : mappedBody(ef, i);
		return { method: options.method ?? 'POST', ...resolvePath(options, PATH, { materialType }), query: { type: materialType }, json };
	},
};
