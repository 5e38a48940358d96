import { materialIdProperty, requestOptions, requiredString, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

// Inferred: the portal's "Retrieve Material SKU Code" page could not be read.
const PATH = 'materials/{materialId}/sku';

export const getSkuCode: Operation = {
	name: 'Get SKU Code',
	value: 'getSkuCode',
	action: 'Get the SKU code of a material',
	description: 'Retrieve the SKU code of a material (GET /materials/{materialId}/sku; the path is inferred)',
	properties: [
		materialIdProperty,
		requestOptions({ method: 'GET', path: PATH }),
	],
	build(ef, i, options) {
		const materialId = requiredString(ef, 'materialId', i, 'Material ID');
		return { method: options.method ?? 'GET', ...resolvePath(options, PATH, { materialId }) };
	},
};
