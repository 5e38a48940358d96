import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { dataModeProperty, jsonObjectParameter, materialIdProperty, numberParameter, requestOptions, requiredString, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

const PATH = 'materials/{materialId}';

const text = (name: string, displayName: string, placeholder = ''): INodeProperties => ({ displayName, name, type: 'string', default: '', placeholder });
/** The fields of the portal's (older) Update Material page, in its camelCase spelling. */
const UPDATE_FIELDS: INodeProperties[] = [
	text('baseUnitOfMeasure', 'Base Unit of Measure', 'BOT'),
	text('crossPlantMatStatus', 'Cross-Plant Material Status', 'Z6'),
	{ displayName: 'Minimum Remaining Shelf Life', name: 'minRemLife', type: 'number', default: 0, description: 'Sent as a number' },
	{ displayName: 'Net Weight', name: 'netWeight', type: 'number', default: 0, typeOptions: { numberPrecision: 3 }, description: 'Sent as a number; text such as "0,7" from an expression is accepted' },
	text('orderUnit', 'Order Unit', 'CS'),
	text('prodHierarchy', 'Product Hierarchy', '001000200030004000'),
	text('purValKey', 'Purchasing Value Key'),
	text('qualityMgmtProc', 'Quality Management Procurement'),
	text('unitOfWeight', 'Unit of Weight', 'KG'),
	text('varOrdUn', 'Variable Order Unit', '1'),
];
const NUMERIC = new Set(['netWeight', 'minRemLife']);

export const updateMaterial: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a material',
	description: 'Change fields of a material (PUT /materials/{materialId}; the method is inferred)',
	properties: [
		materialIdProperty,
		dataModeProperty('Fill the documented fields to change'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			displayOptions: { show: { dataMode: ['map'] } },
			options: UPDATE_FIELDS,
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			default: '{\n  "netWeight": 0.7\n}',
			displayOptions: { show: { dataMode: ['raw'] } },
			description: 'The whole request body: the fields to change',
		},
		requestOptions({ method: 'PUT', path: PATH }),
	],
	build(ef, i, options) {
		const materialId = requiredString(ef, 'materialId', i, 'Material ID');
		let json: IDataObject;
		if (ef.getNodeParameter('dataMode', i, 'map') === 'raw') {
			json = jsonObjectParameter(ef, 'body', i, 'Body (JSON)');
		} else {
			const fields = ef.getNodeParameter('updateFields', i, {}) as IDataObject;
			json = {};
			for (const [name, value] of Object.entries(fields)) {
				if (value === undefined || value === null || value === '') continue;
				json[name] = NUMERIC.has(name) ? numberParameter(ef, `updateFields.${name}`, i, name) : String(value);
			}
		}
		// An empty change set is a mistake in the workflow, not something to send.
		if (Object.keys(json).length === 0) throw inputError(ef, i, ef.getNodeParameter('dataMode', i, 'map') === 'raw' ? 'body' : 'updateFields', 'There are no fields to change');
		return { method: options.method ?? 'PUT', ...resolvePath(options, PATH, { materialId }), json };
	},
};
