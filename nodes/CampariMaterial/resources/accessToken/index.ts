import type { Resource } from '../../shared/types';
import { getAccessToken } from './get';

export const accessTokenResource: Resource = {
	name: 'Access Token',
	value: 'accessToken',
	operations: [getAccessToken],
	defaultOperation: 'get',
};
