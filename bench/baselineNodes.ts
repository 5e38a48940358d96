import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

/**
 * The n8n-native way: one `helpers.httpRequestWithAuthentication` per item with the
 * benchNativeOAuth credential (preAuthentication + generic Bearer header). Sequential, or in
 * batches of `batchSize` items at once (the HTTP Request node's batching, our node's concurrency).
 */
export class BenchNativeGet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench: n8n-native Material Get',
		name: 'benchNativeGet',
		group: ['transform'],
		version: 1,
		description: 'Benchmark baseline: GET /materials/{id} through httpRequestWithAuthentication',
		defaults: { name: 'Native Get' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'benchNativeOAuth', required: true }],
		properties: [
			{ displayName: 'Material ID', name: 'materialId', type: 'string', default: '' },
			{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 1, description: '1 = sequential' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { baseUrl } = await this.getCredentials('benchNativeOAuth');
		const batchSize = Math.max(1, this.getNodeParameter('batchSize', 0) as number);
		const call = async (i: number): Promise<INodeExecutionData> => {
			const id = this.getNodeParameter('materialId', i) as string;
			const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'benchNativeOAuth', {
				method: 'GET',
				url: `${baseUrl as string}/materials/${encodeURIComponent(id)}`,
				headers: { Accept: 'application/json' },
				json: true,
			})) as IDataObject;
			return { json: body, pairedItem: { item: i } };
		};
		const out: INodeExecutionData[] = [];
		for (let start = 0; start < items.length; start += batchSize) {
			const batch = Array.from({ length: Math.min(batchSize, items.length - start) }, (_v, k) => start + k);
			out.push(...(await Promise.all(batch.map(call))));
		}
		return [out];
	}
}

/**
 * What people write in a Code node ("Run Once for All Items"): for each item, ask for a token,
 * then the material, both with `this.helpers.httpRequest`, one after the other. The Code node
 * itself needs n8n's task runner (a separate process; helper calls go over RPC), so this node
 * runs the same code in-process — the real Code node can only be slower.
 */
export class BenchNaiveGet implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench: naive Code-node Material Get',
		name: 'benchNaiveGet',
		group: ['transform'],
		version: 1,
		description: 'Benchmark baseline: a token request per item, then GET /materials/{id}',
		defaults: { name: 'Naive Get' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Token URL', name: 'tokenUrl', type: 'string', default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
			{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', typeOptions: { password: true }, default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// As in a Code node, the "code" has its constants and reads $input.all() directly.
		const tokenUrl = this.getNodeParameter('tokenUrl', 0) as string;
		const baseUrl = this.getNodeParameter('baseUrl', 0) as string;
		const clientId = this.getNodeParameter('clientId', 0) as string;
		const clientSecret = this.getNodeParameter('clientSecret', 0) as string;
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const token = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: `grant_type=client_credentials&client_id=${encodeURIComponent(clientId)}&client_secret=${encodeURIComponent(clientSecret)}`,
				json: true,
			})) as { access_token: string };
			const material = (await this.helpers.httpRequest({
				method: 'GET',
				url: `${baseUrl}/materials/${items[i].json.id as string}`,
				headers: { Authorization: `Bearer ${token.access_token}`, Accept: 'application/json' },
				json: true,
			})) as IDataObject;
			out.push({ json: material, pairedItem: { item: i } });
		}
		return [out];
	}
}
