import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { type ApiRequest, CampariClient } from '../../lib/campari/client';
import { connectionFrom } from '../../lib/campari/connection';
import { mapWithConcurrency } from '../../lib/concurrency';
import { DEFAULT_TOKEN_TIMEOUT_MS, sharedTokenEngine } from '../../lib/token';
import { describeResources, findOperation } from './resources';
import { errorItem, toNodeError } from './shared/errors';
import { bodyToItems, fullResponse } from './shared/output';
import { type CommonOptions, commonOptions, DEFAULT_CONCURRENCY } from './shared/parameters';

export class CampariMaterial implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Campari Material',
		name: 'campariMaterial',
		icon: { light: 'file:../../icons/campari.svg', dark: 'file:../../icons/campari.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and write Campari materials (SAP, CTS, Interspec) through the Campari Open API',
		defaults: { name: 'Campari Material' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'campariOpenApi', required: true }],
		properties: describeResources(),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const node = this.getNode();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operationName = this.getNodeParameter('operation', 0) as string;
		const operation = findOperation(resource, operationName);
		if (!operation) throw new NodeOperationError(node, `Unknown operation "${operationName}" of resource "${resource}"`);

		const credentials = await this.getCredentials('campariOpenApi');
		let connection;
		try {
			connection = connectionFrom(credentials, resource !== 'accessToken');
		} catch (error) {
			throw toNodeError(node, error, 0);
		}
		const continueOnFail = this.continueOnFail();
		const fail = (error: unknown, itemIndex: number): INodeExecutionData[] => {
			const nodeError = toNodeError(node, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			return [{ json: errorItem(nodeError, itemIndex), pairedItem: { item: itemIndex } }];
		};

		let concurrency = DEFAULT_CONCURRENCY;
		try {
			if (!operation.run) {
				const first = commonOptions(this, 0);
				concurrency = first.concurrency;
				// The item's Timeout bounds its token request too (a hanging token endpoint must not hold it longer).
				connection.token.timeoutMs = Math.min(first.timeout, DEFAULT_TOKEN_TIMEOUT_MS);
			}
		} catch {
			// item 0's own check below reports the bad value
		}
		const client = new CampariClient(connection, { connections: concurrency });

		// 1. Every item's input is read and checked (URL and headers too) before any request is sent.
		const prepared: Array<{ request?: ApiRequest; options?: CommonOptions; failed?: INodeExecutionData[] }> = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const options = operation.run ? undefined : commonOptions(this, i);
				const request = operation.build && options ? await operation.build(this, i, options) : undefined;
				if (request && options) request.timeoutMs = options.timeout;
				if (request) client.prepare(request);
				prepared.push({ request, options });
			} catch (error) {
				prepared.push({ failed: fail(error, i) });
			}
		}

		// 2. Requests run with bounded concurrency; output keeps input order and pairedItem.
		const results = await mapWithConcurrency(items.length, concurrency, async (i): Promise<INodeExecutionData[]> => {
			const { request, options, failed } = prepared[i];
			if (failed) return failed;
			try {
				let out: IDataObject[];
				if (operation.run) {
					out = await operation.run(this, i, { connection, engine: sharedTokenEngine });
				} else {
					const response = await client.send(request as ApiRequest);
					out = options?.fullResponse ? [fullResponse(response)] : operation.toItems && options ? operation.toItems(response, this, i, options) : bodyToItems(response.body);
				}
				return out.map((json) => ({ json, pairedItem: { item: i } }));
			} catch (error) {
				return fail(error, i);
			}
		});
		return [results.flat()];
	}
}
