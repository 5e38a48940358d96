import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { CampariSandbox } from '../../sandbox/server';
import { DEMO_CLIENT_SECRET } from '../../sandbox/server';
import { chain, newCredentialsHelper, node, type RunResult, runWorkflow, sandboxCredential } from '../helpers/harness';

export const NODE = 'Campari';

/* eslint-disable no-console -- the capture replaces console.* to see what a run logs */
/** Everything written to stdout/stderr or console.* while `fn` runs. */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ value: T; logs: string }> {
	const lines: string[] = [];
	const outWrite = process.stdout.write.bind(process.stdout);
	const errWrite = process.stderr.write.bind(process.stderr);
	const grab = (chunk: unknown) => {
		lines.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
		return true;
	};
	process.stdout.write = grab as typeof process.stdout.write;
	process.stderr.write = grab as typeof process.stderr.write;
	const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
	const saved = methods.map((m) => console[m]);
	for (const m of methods) console[m] = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
	try {
		const value = await fn();
		return { value, logs: lines.join('\n') };
	} finally {
		process.stdout.write = outWrite;
		process.stderr.write = errWrite;
		methods.forEach((m, i) => (console[m] = saved[i] as never));
	}
}
/* eslint-enable no-console */

export interface NodeRun {
	result: RunResult;
	/** The node's output items, or undefined when the node failed. */
	items?: INodeExecutionData[];
	/** The node's error (the workflow's), when it failed. */
	error?: { message: string; description?: string | null; [k: string]: unknown };
	logs: string;
	/** The whole run serialized, without the accessToken operation's own output items, plus the logs. */
	scanText: string;
}

export interface RunOptions {
	/** Input items (json), or a count of items {i}. */
	items?: IDataObject[];
	count?: number;
	credential?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
}

/** Manual Trigger → items → Campari Material (with `parameters`), through n8n-core's WorkflowExecute. */
export async function runNode(sandbox: CampariSandbox, parameters: INode['parameters'], options: RunOptions = {}): Promise<NodeRun> {
	const nodes = [
		node('Trigger', 'n8n-nodes-base.manualTrigger'),
		node('Items', 'test.itemsSource', options.count !== undefined ? { count: options.count } : { items: JSON.stringify(options.items ?? [{}]) }),
		node(NODE, 'n8n-nodes-campari.campariMaterial', parameters, options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	];
	const helper = newCredentialsHelper(options.credential ?? sandboxCredential(sandbox));
	const { value: result, logs } = await captureLogs(() => runWorkflow(nodes, chain('Trigger', 'Items', NODE), helper));
	let items: INodeExecutionData[] | undefined;
	try {
		items = result.output(NODE);
	} catch {
		items = undefined;
	}
	const runData = result.run.data.resultData.runData;
	const nodeError = runData[NODE]?.[0]?.error ?? result.error;
	const serialized = JSON.parse(result.serialized) as { data: { resultData: { runData: Record<string, Array<{ data?: unknown }>> } } };
	// The accessToken operation's own output is the one place a token belongs: leave it out of the scan.
	if (parameters.resource === 'accessToken') for (const r of serialized.data.resultData.runData[NODE] ?? []) delete r.data;
	const forScan = JSON.stringify(serialized);
	return {
		result,
		items,
		error: nodeError ? { ...(nodeError as unknown as IDataObject), message: nodeError.message, description: (nodeError as { description?: string | null }).description } : undefined,
		logs,
		scanText: `${forScan}\n${logs}`,
	};
}

/** Every secret the run must not show: the client secret and every token the sandbox ever issued. */
export function secretsOf(sandbox: CampariSandbox, extra: string[] = []): string[] {
	return [DEMO_CLIENT_SECRET, ...sandbox.state.tokens.keys(), ...extra];
}

/** Fails with the secret's kind (not the secret) if any secret appears in the run or its logs. */
export function expectNoSecrets(run: NodeRun, sandbox: CampariSandbox, extra: string[] = []): void {
	const leaked = secretsOf(sandbox, extra)
		.map((s, i) => ({ kind: i === 0 ? 'client secret' : i <= sandbox.state.tokens.size ? 'access token' : 'extra secret', s }))
		.filter(({ s }) => s.length > 0 && run.scanText.includes(s))
		.map(({ kind }) => kind);
	expect(leaked).toEqual([]);
}

/** The text a user sees for an error: message and description. */
export const shown = (e?: { message?: string; description?: string | null }) => `${e?.message ?? ''} ${e?.description ?? ''}`;

export const materialIds = (n: number, from = 100001) => Array.from({ length: n }, (_v, i) => String(from + i).padStart(18, '0'));

export const getParams = (options: IDataObject = {}): INode['parameters'] => ({ resource: 'material', operation: 'get', materialId: '={{ $json.id }}', options });
