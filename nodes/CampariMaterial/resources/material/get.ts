import { materialIdProperty, optionalString, requestOptions, requiredString, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

export const getMaterial: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a material',
	description: 'Retrieve a material by its ID (GET /materials/{materialId})',
	properties: [
		materialIdProperty,
		requestOptions({ method: 'GET', path: 'materials/{materialId}' }, [
			{ displayName: 'Plant', name: 'plant', type: 'string', default: '', description: 'Sent as the PLANT query parameter' },
			{ displayName: 'Valuation Area', name: 'valuationArea', type: 'string', default: '', description: 'Sent as the VALUATIONAREA query parameter' },
		]),
	],
	build(ef, i, options) {
		const materialId = requiredString(ef, 'materialId', i, 'Material ID');
		const extra = options.all;
		return {
			method: options.method ?? 'GET',
			...resolvePath(options, 'materials/{materialId}', { materialId }),
			query: { PLANT: optionalString(extra.plant), VALUATIONAREA: optionalString(extra.valuationArea) },
		};
	},
};
