import type { INodeProperties } from 'n8n-workflow';

import type { Operation, Resource } from '../shared/types';
import { accessTokenResource } from './accessToken';
import { materialResource } from './material';

export const resources: Resource[] = [materialResource, accessTokenResource];

/** The node's parameters: resource, one operation dropdown per resource, then each operation's own. */
export function describeResources(): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((r) => ({ name: r.name, value: r.value })),
			default: 'material',
		},
	];
	for (const resource of resources) {
		const defaultOperation = resource.defaultOperation;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: [...resource.operations]
				.sort((a, b) => a.name.localeCompare(b.name))
				.map((op) => ({ name: op.name, value: op.value, action: op.action, description: op.description })),
			default: defaultOperation,
		});
		for (const op of resource.operations) {
			for (const property of op.properties) {
				const show = { ...(property.displayOptions?.show ?? {}), resource: [resource.value], operation: [op.value] };
				properties.push({ ...property, displayOptions: { ...property.displayOptions, show } });
			}
		}
	}
	return properties;
}

export function findOperation(resource: string, operation: string): Operation | undefined {
	return resources.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}
