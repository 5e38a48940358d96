import type { IDataObject } from 'n8n-workflow';

import { requestOptions, requiredString, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

const PATH = 'materials/types/{materialType}';

export const getMaterialType: Operation = {
	name: 'Get Type',
	value: 'getType',
	action: 'Get a material type',
	description: 'Retrieve one material type (GET /materials/types/{materialType})',
	properties: [
		{
			displayName: 'Material Type',
			name: 'materialType',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'FERT',
			description: 'The material type code',
		},
		requestOptions({ method: 'GET', path: PATH }),
	],
	build(ef, i, options) {
		const materialType = requiredString(ef, 'materialType', i, 'Material Type');
		return { method: options.method ?? 'GET', ...resolvePath(options, PATH, { materialType }) };
	},
	toItems(response) {
		// The answer's shape is not documented: accept the list's {"materials":{"types":[…]}} wrapper too.
		const wrapped = (response.body as IDataObject | undefined)?.materials as IDataObject | undefined;
		if (Array.isArray(wrapped?.types)) return wrapped.types as IDataObject[];
		if (wrapped?.type && typeof wrapped.type === 'object') return [wrapped.type as IDataObject];
		return [response.body as IDataObject];
	},
};
