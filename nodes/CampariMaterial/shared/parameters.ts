import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fillPath } from '../../../lib/campari/url';
import { inputError } from './errors';

export const DEFAULT_CONCURRENCY = 10;

/** The material number, as every operation on one material asks for it. */
export const materialIdProperty: INodeProperties = {
	displayName: 'Material ID',
	name: 'materialId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '000000000000123456',
	description: 'The SAP material number',
};

/**
 * The options every Material operation has; `extra` are the operation's own. `defaults` gives the
 * method and path the user may override; null leaves them out (custom request has its own).
 */
export function requestOptions(defaults: { method: string; path: string } | null, extra: INodeProperties[] = []): INodeProperties {
	const methodDefault = defaults?.method ?? 'GET';
	const pathDefault = defaults?.path ?? '';
	const overrides: INodeProperties[] = defaults
		? [
				{
					displayName: 'Method',
					name: 'method',
					type: 'options',
					options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ name: m, value: m })),
					default: methodDefault,
					description: 'Overrides the HTTP method, in case Campari changes it',
				},
				{
					displayName: 'Path',
					name: 'path',
					type: 'string',
					default: pathDefault,
					description: "Overrides the path under the credential's Base URL; {placeholders} are filled from the parameters",
				},
			]
		: [];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			...extra,
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: DEFAULT_CONCURRENCY,
				description: 'How many items are sent at once (read from the first item)',
			},
			...overrides,
			{
				displayName: 'Return Full Response',
				name: 'fullResponse',
				type: 'boolean',
				default: false,
				description: 'Whether to return the status, headers and body instead of the body only',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30000,
				description: 'How long to wait for an answer before failing the item (retries included per attempt)',
			},
		],
	};
}

/** An item's Options, read once per item and handed to its operation. */
export interface CommonOptions {
	/** The whole Options collection, for the operation's own options (Plant, Namespace…). */
	all: IDataObject;
	concurrency: number;
	method?: string;
	path?: string;
	fullResponse: boolean;
	timeout: number;
}

export function commonOptions(ef: IExecuteFunctions, itemIndex: number): CommonOptions {
	const options = ef.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const concurrency = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	const timeout = Number(options.timeout ?? 30000);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) throw inputError(ef, itemIndex, 'options.concurrency', `Concurrency must be a whole number from 1 to 100, got "${options.concurrency}"`);
	if (!Number.isFinite(timeout) || timeout < 1) throw inputError(ef, itemIndex, 'options.timeout', `Timeout must be a positive number of milliseconds, got "${options.timeout}"`);
	return {
		all: options,
		concurrency,
		method: typeof options.method === 'string' && options.method !== '' ? options.method : undefined,
		path: typeof options.path === 'string' && options.path.trim() !== '' ? options.path.trim() : undefined,
		fullResponse: options.fullResponse === true,
		timeout,
	};
}

/** A string parameter that must not be empty (ids, codes). */
export function requiredString(ef: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = ef.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value === 'object' && value !== null) throw inputError(ef, itemIndex, name, `${label} must be text, not an object`);
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') throw inputError(ef, itemIndex, name, `${label} is empty`);
	return text;
}

export function optionalString(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/** A JSON parameter given as an object, or as text that must parse. */
export function jsonParameter(ef: IExecuteFunctions, name: string, itemIndex: number, label: string): unknown {
	const value = ef.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') throw inputError(ef, itemIndex, name, `${label} is empty`);
	try {
		return JSON.parse(value);
	} catch (error) {
		throw inputError(ef, itemIndex, name, `${label} is not valid JSON (${(error as Error).message})`);
	}
}

/** A JSON parameter that must be a JSON object (a whole request body). */
export function jsonObjectParameter(ef: IExecuteFunctions, name: string, itemIndex: number, label: string): IDataObject {
	const value = jsonParameter(ef, name, itemIndex, label);
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw inputError(ef, itemIndex, name, `${label} must be a JSON object`);
	return value as IDataObject;
}

/** How a write operation gets its body: mapped fields, or raw JSON. */
export function dataModeProperty(mapDescription: string): INodeProperties {
	return {
		displayName: 'Data Mode',
		name: 'dataMode',
		type: 'options',
		options: [
			{ name: 'Map Fields', value: 'map', description: mapDescription },
			{ name: 'Raw JSON', value: 'raw', description: 'Send a JSON body as it is' },
		],
		default: 'map',
	};
}

/** A number parameter that may arrive as text from an expression; must be finite. */
export function numberParameter(ef: IExecuteFunctions, name: string, itemIndex: number, label: string): number {
	const value = ef.getNodeParameter(name, itemIndex, '') as unknown;
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim().replace(',', '.')) : NaN;
	if (!Number.isFinite(n)) throw inputError(ef, itemIndex, name, `${label} must be a number, got "${String(value).slice(0, 40)}"`);
	return n;
}

/** The operation's path (or the user's override) with {placeholders} filled. */
export function resolvePath(options: CommonOptions, defaultTemplate: string, values: Record<string, string> = {}): { path: string; pathField: string } {
	const pathField = options.path ? 'options.path' : 'path';
	return { path: fillPath(options.path ?? defaultTemplate, values, pathField), pathField };
}
