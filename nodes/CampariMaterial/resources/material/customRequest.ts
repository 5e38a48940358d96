import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { jsonParameter, requestOptions, requiredString } from '../../shared/parameters';
import type { Operation } from '../../shared/types';

function pairs(ef: IExecuteFunctions, itemIndex: number, field: string): Record<string, string> {
	const collection = ef.getNodeParameter(field, itemIndex, {});
	const list = ((collection as IDataObject | undefined)?.parameter ?? []) as Array<{ name?: string; value?: unknown }>;
	const out: Record<string, string> = {};
	for (const { name, value } of list) {
		if (!name || String(name).trim() === '') throw inputError(ef, itemIndex, field, `A ${field} entry has an empty name`);
		out[String(name).trim()] = value === undefined || value === null ? '' : String(value);
	}
	return out;
}

export const customRequest: Operation = {
	name: 'Custom Request',
	value: 'customRequest',
	action: 'Send a custom request',
	description: 'Send any request under the Material API base URL, with the token attached',
	properties: [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ name: m, value: m })),
			default: 'GET',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'materials/000000000000123456',
			description: 'Relative to the credential\'s Base URL; it cannot leave it',
		},
		{
			displayName: 'Query Parameters',
			name: 'query',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add parameter',
			default: {},
			options: [{ name: 'parameter', displayName: 'Parameter', values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			] }],
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add header',
			default: {},
			options: [{ name: 'parameter', displayName: 'Header', values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			] }],
		},
		{
			displayName: 'Send Body',
			name: 'sendBody',
			type: 'boolean',
			default: false,
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			default: '{}',
			displayOptions: { show: { sendBody: [true] } },
		},
		requestOptions(null),
	],
	build(ef, i) {
		const method = String(ef.getNodeParameter('method', i, 'GET'));
		const path = requiredString(ef, 'path', i, 'Path');
		const query = pairs(ef, i, 'query');
		const headers = pairs(ef, i, 'headers');
		const sendBody = ef.getNodeParameter('sendBody', i, false) === true;
		return {
			method,
			path,
			pathField: 'path',
			query,
			headers,
			json: sendBody ? jsonParameter(ef, 'body', i, 'Body (JSON)') : undefined,
		};
	},
};
