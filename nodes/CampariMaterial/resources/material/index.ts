import type { Resource } from '../../shared/types';
import { customRequest } from './customRequest';
import { getMaterial } from './get';
import { getMaterialTypes } from './getTypes';
import { soapOperations } from './soapOperations';

/** Material operations; adding one means one file and one line here. */
export const materialResource: Resource = {
	name: 'Material',
	value: 'material',
	operations: [getMaterial, getMaterialTypes, customRequest, ...soapOperations],
	defaultOperation: 'get',
};
