import type { IDataObject } from 'n8n-workflow';

import { requestOptions, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

export const getMaterialTypes: Operation = {
	name: 'Get Types',
	value: 'getTypes',
	action: 'Get material types',
	description: 'Retrieve the material types (GET /materials/types), one item per type',
	properties: [requestOptions({ method: 'GET', path: 'materials/types' })],
	build(ef, i, options) {
		return { method: options.method ?? 'GET', ...resolvePath(options, 'materials/types') };
	},
	toItems(response) {
		// The portal's answer: {"materials":{"types":[{"code","description"}, …]}}
		const types = ((response.body as IDataObject)?.materials as IDataObject | undefined)?.types;
		return Array.isArray(types) ? (types as IDataObject[]) : [response.body as IDataObject];
	},
};
