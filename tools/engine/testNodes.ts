import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

/** Emits the items given in its `items` parameter (a JSON array) or `count` items {i}. */
export class ItemsSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Items Source',
		name: 'itemsSource',
		group: ['transform'],
		version: 1,
		description: 'Test helper: emits items',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
			{ displayName: 'Count', name: 'count', type: 'number', default: 0 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const count = this.getNodeParameter('count', 0) as number;
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const list = count > 0 ? Array.from({ length: count }, (_v, i) => ({ i })) : ((typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[]);
		return [list.map((json, i) => ({ json, pairedItem: { item: 0 }, index: i }) as INodeExecutionData)];
	}
}

/**
 * Calls `helpers.httpRequestWithAuthentication` with the Campari credential for each item: the
 * same path n8n's HTTP Request node (predefined credential type) and declarative nodes take.
 */
export class CredentialProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Credential Probe',
		name: 'credentialProbe',
		group: ['transform'],
		version: 1,
		description: 'Test helper: requests a URL with the credential attached by n8n',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'campariOpenApi', required: true }],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Parallel', name: 'parallel', type: 'boolean', default: true },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const call = async (i: number) => {
			const url = this.getNodeParameter('url', i) as string;
			const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'campariOpenApi', { method: 'GET', url, json: true })) as IDataObject;
			return { json: { ok: true, body }, pairedItem: { item: i } };
		};
		if (this.getNodeParameter('parallel', 0) as boolean) return [await Promise.all(items.map((_item, i) => call(i)))];
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) out.push(await call(i));
		return [out];
	}
}
