import { materialIdProperty, numberParameter, requestOptions, requiredString, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

// Inferred: the portal's "Convert Unit of Measure" page could not be read.
const PATH = 'materials/{materialId}/uoms/convert';

export const convertUnitOfMeasure: Operation = {
	name: 'Convert Unit of Measure',
	value: 'convertUnitOfMeasure',
	action: 'Convert a quantity between units of measure',
	description: 'Convert a quantity of a material from one of its units to another (GET /materials/{materialId}/uoms/convert; the path is inferred)',
	properties: [
		materialIdProperty,
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			required: true,
			default: 1,
			description: 'Sent as the quantity query parameter; text such as "1,5" from an expression is accepted',
		},
		{
			displayName: 'From Unit',
			name: 'fromUnit',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'CS',
			description: 'Sent as the from query parameter (see Get Units of Measure)',
		},
		{
			displayName: 'To Unit',
			name: 'toUnit',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'BOT',
			description: 'Sent as the to query parameter',
		},
		requestOptions({ method: 'GET', path: PATH }),
	],
	build(ef, i, options) {
		const materialId = requiredString(ef, 'materialId', i, 'Material ID');
		const quantity = numberParameter(ef, 'quantity', i, 'Quantity');
		const from = requiredString(ef, 'fromUnit', i, 'From Unit');
		const to = requiredString(ef, 'toUnit', i, 'To Unit');
		return { method: options.method ?? 'GET', ...resolvePath(options, PATH, { materialId }), query: { quantity: String(quantity), from, to } };
	},
};
