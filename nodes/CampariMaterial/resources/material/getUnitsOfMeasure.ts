import type { IDataObject } from 'n8n-workflow';

import { bodyToItems } from '../../shared/output';
import { materialIdProperty, requestOptions, requiredString, resolvePath } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

const PATH = 'materials/{materialId}/uoms';

export const getUnitsOfMeasure: Operation = {
	name: 'Get Units of Measure',
	value: 'getUnitsOfMeasure',
	action: 'Get the units of measure of a material',
	description: 'Retrieve the units of measure of a material (GET /materials/{materialId}/uoms), one item per unit',
	properties: [
		materialIdProperty,
		requestOptions({ method: 'GET', path: PATH }),
	],
	build(ef, i, options) {
		const materialId = requiredString(ef, 'materialId', i, 'Material ID');
		return { method: options.method ?? 'GET', ...resolvePath(options, PATH, { materialId }) };
	},
	toItems(response) {
		// The portal's answer is a bare array [{"uoms","description"}]; a {"uoms":[…]} wrapper is unwrapped too.
		const list = (response.body as IDataObject | undefined)?.uoms;
		return bodyToItems(Array.isArray(list) ? list : response.body);
	},
};
