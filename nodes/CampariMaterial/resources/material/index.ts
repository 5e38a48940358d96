import type { Resource } from '../../shared/types';
import { convertUnitOfMeasure } from './convertUnitOfMeasure';
import { createMaterial } from './create';
import { customRequest } from './customRequest';
import { getMaterial } from './get';
import { getProductHierarchy } from './getProductHierarchy';
import { getSkuCode } from './getSkuCode';
import { getMaterialType } from './getType';
import { getMaterialTypes } from './getTypes';
import { getUnitsOfMeasure } from './getUnitsOfMeasure';
import { soapOperations } from './soapOperations';
import { updateMaterial } from './update';

/** Material operations; adding one means one file and one line here. */
export const materialResource: Resource = {
	name: 'Material',
	value: 'material',
	operations: [
		getMaterial,
		getMaterialTypes,
		getMaterialType,
		getUnitsOfMeasure,
		createMaterial,
		updateMaterial,
		convertUnitOfMeasure,
		getProductHierarchy,
		getSkuCode,
		customRequest,
		...soapOperations,
	],
	defaultOperation: 'get',
};
