import { randomUUID } from 'node:crypto';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { CampariOpenApi } from '../../credentials/CampariOpenApi.credentials';
import { CampariMaterial } from '../../nodes/CampariMaterial/CampariMaterial.node';
import type { CampariSandbox } from '../../sandbox/server';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../sandbox/server';
import { TestCredentialsHelper } from './credentialsHelper';
export { TestCredentialsHelper } from './credentialsHelper';
import { CredentialProbe, ItemsSource } from './testNodes';

type AnyNodeType = INodeType | IVersionedNodeType;

const extraTypes: Record<string, AnyNodeType> = {};
/** Adds node types (the benchmark's n8n-native baseline nodes, for instance). */
export function registerNodeType(type: string, nodeType: AnyNodeType): void {
	extraTypes[type] = nodeType;
	if (cachedTypes) cachedTypes[type] = nodeType;
}

/** Node types known to this in-process engine: ours, the helper nodes, and n8n's own (n8n-nodes-base, a dev dependency). */
function loadNodeTypes(): Record<string, AnyNodeType> {
	const types: Record<string, AnyNodeType> = {
		'n8n-nodes-campari.campariMaterial': new CampariMaterial(),
		'test.itemsSource': new ItemsSource(),
		'test.credentialProbe': new CredentialProbe(),
	};
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { ManualTrigger } = require('n8n-nodes-base/dist/nodes/ManualTrigger/ManualTrigger.node');
	const { HttpRequest } = require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node');
	const { NoOp } = require('n8n-nodes-base/dist/nodes/NoOp/NoOp.node');
	/* eslint-enable @typescript-eslint/no-require-imports */
	types['n8n-nodes-base.manualTrigger'] = new ManualTrigger();
	types['n8n-nodes-base.httpRequest'] = new HttpRequest();
	types['n8n-nodes-base.noOp'] = new NoOp();
	return { ...types, ...extraTypes };
}

let cachedTypes: Record<string, AnyNodeType> | undefined;

export const nodeTypes: INodeTypes = {
	getByName(type: string) {
		cachedTypes ??= loadNodeTypes();
		return cachedTypes[type];
	},
	getByNameAndVersion(type: string, version?: number) {
		cachedTypes ??= loadNodeTypes();
		return NodeHelpers.getVersionedNodeType(cachedTypes[type], version);
	},
	getKnownTypes() {
		return {};
	},
} as INodeTypes;

export const CREDENTIAL_ID = 'cred-campari';

/** Credential data pointing at a sandbox. */
export function sandboxCredential(sandbox: CampariSandbox, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		tokenUrl: sandbox.tokenUrl,
		baseUrl: sandbox.baseUrl,
		clientId: DEMO_CLIENT_ID,
		clientSecret: DEMO_CLIENT_SECRET,
		scope: '',
		clientAuthentication: 'body',
		ignoreSslIssues: false,
		accessToken: '',
		expiresAt: 0,
		...overrides,
	};
}

export function newCredentialsHelper(data: ICredentialDataDecryptedObject, id = CREDENTIAL_ID, extraCredentialTypes: Record<string, ICredentialType> = {}): TestCredentialsHelper {
	const helper = new TestCredentialsHelper({ campariOpenApi: new CampariOpenApi(), ...extraCredentialTypes });
	helper.setCredential(id, data);
	return helper;
}

let position = 0;
/** A node of the workflow; Campari nodes get the credential. */
export function node(name: string, type: string, parameters: INode['parameters'] = {}, extra: Partial<INode> = {}): INode {
	const n: INode = { id: randomUUID(), name, type, typeVersion: 1, position: [(position += 200), 0], parameters, ...extra };
	if (type === 'n8n-nodes-campari.campariMaterial' || type === 'test.credentialProbe') {
		n.credentials = { campariOpenApi: { id: CREDENTIAL_ID, name: 'Campari Open API (sandbox)' } };
	}
	return n;
}

/** Connects the nodes one after another. */
export function chain(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main' as never, index: 0 }]] };
	}
	return connections;
}

export interface RunResult {
	run: IRun;
	/** The first output of a node's last run (throws if the node did not run). */
	output(nodeName: string): INodeExecutionData[];
	/** The error of the run, if the workflow failed. */
	error?: IRun['data']['resultData']['error'];
	/** Everything the run produced, serialized: for asserting that secrets appear nowhere. */
	serialized: string;
}

/** Runs a workflow through n8n-core's WorkflowExecute, from its first node. */
export async function runWorkflow(nodes: INode[], connections: IConnections, credentialsHelper: TestCredentialsHelper): Promise<RunResult> {
	const workflow = new Workflow({ id: 'wf-test', name: 'test', nodes, connections, active: false, nodeTypes, staticData: {} });
	const hooks = new ExecutionLifecycleHooks('manual', randomUUID(), { id: 'wf-test', name: 'test', nodes, connections, active: false, settings: {} } as never);
	const additionalData = {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: nodes[0] });
	const runData = run.data.resultData.runData;
	return {
		run,
		error: run.data.resultData.error,
		output(nodeName: string) {
			const runs = runData[nodeName];
			if (!runs?.length) throw new Error(`node "${nodeName}" did not run${run.data.resultData.error ? `: ${run.data.resultData.error.message}` : ''}`);
			const last = runs[runs.length - 1];
			if (last.error) throw new Error(`node "${nodeName}" failed: ${last.error.message}`);
			return last.data?.main?.[0] ?? [];
		},
		serialized: JSON.stringify(run, (_k, v) => (v instanceof Error ? { ...v, message: v.message, description: (v as { description?: string }).description, stack: v.stack } : v)),
	};
}
