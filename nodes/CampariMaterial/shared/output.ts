import type { IDataObject } from 'n8n-workflow';

import type { ApiResponse } from '../../../lib/campari/client';

/** An answer as n8n items: an array gives one item per element, anything else one item. */
export function bodyToItems(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body.map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as IDataObject) : { value: v as IDataObject[keyof IDataObject] }));
	if (typeof body === 'object' && body !== null) return [body as IDataObject];
	return [{ body: body as string }];
}

export function fullResponse(response: ApiResponse): IDataObject {
	return { status: response.status, headers: response.headers, body: response.body as IDataObject };
}
