import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { bodyToItems } from '../../shared/output';
import { optionalString, requestOptions, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

// Inferred: the portal's "Retrieve Product Hierarchy" page could not be read.
const PATH = 'materials/product-hierarchy';

export const getProductHierarchy: Operation = {
	name: 'Get Product Hierarchy',
	value: 'getProductHierarchy',
	action: 'Get the product hierarchy',
	description: 'Retrieve the product hierarchy (GET /materials/product-hierarchy; the path is inferred), one item per node',
	properties: [
		requestOptions({ method: 'GET', path: PATH }, [
			{
				displayName: 'Hierarchy Code',
				name: 'hierarchyCode',
				type: 'string',
				default: '',
				placeholder: '0010002000',
				description: 'Sent as the PROD_HIER query parameter: only this node and the nodes below it',
			},
			{
				displayName: 'Level',
				name: 'level',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Sent as the LEVEL query parameter: only nodes of this level',
			},
		]),
	],
	build(ef, i, options) {
		const extra = options.all;
		let level: string | undefined;
		if (extra.level !== undefined && extra.level !== '') {
			const n = Number(extra.level);
			if (!Number.isInteger(n) || n < 1) throw inputError(ef, i, 'options.level', `Level must be a whole number from 1, got "${String(extra.level).slice(0, 40)}"`);
			level = String(n);
		}
		return { method: options.method ?? 'GET', ...resolvePath(options, PATH), query: { PROD_HIER: optionalString(extra.hierarchyCode), LEVEL: level } };
	},
	toItems(response) {
		const list = (response.body as IDataObject | undefined)?.productHierarchy;
		return bodyToItems(Array.isArray(list) ? list : response.body);
	},
};
