/**
 * `npm run demo`: starts the Campari sandbox in this process and runs every example workflow
 * (examples/*.json, unchanged) through n8n-core's WorkflowExecute (tools/engine), its credential
 * pointed at the sandbox. Prints what each did; exits 1 when a workflow fails or its result is wrong.
 */
import { relative, resolve } from 'node:path';

import type { INode, INodeExecutionData, IVersionedNodeType, INodeType } from 'n8n-workflow';

import { sharedTokenEngine } from '../lib/token';
import { CampariSandbox, DEMO_CLIENT_SECRET } from '../sandbox/server';
import { newCredentialsHelper, registerNodeType, runWorkflow, sandboxCredential } from '../tools/engine/runWorkflow';
import { EXAMPLE_CREDENTIAL, type Json, checkStats, describeWorkflow, loadExamples, maskSecrets, scrub } from './examples';

const REPO = resolve(__dirname, '..', '..');

/** n8n-nodes-base nodes the examples use beyond those tools/engine always loads. */
function registerExampleNodeTypes(): void {
	/* eslint-disable @typescript-eslint/no-require-imports */
	const base = 'n8n-nodes-base/dist/nodes';
	const types: Array<[string, () => INodeType | IVersionedNodeType]> = [
		['n8n-nodes-base.set', () => new (require(`${base}/Set/Set.node`).Set)()],
		['n8n-nodes-base.splitOut', () => new (require(`${base}/Transform/SplitOut/SplitOut.node`).SplitOut)()],
		['n8n-nodes-base.scheduleTrigger', () => new (require(`${base}/Schedule/ScheduleTrigger.node`).ScheduleTrigger)()],
		['n8n-nodes-base.stickyNote', () => new (require(`${base}/StickyNote/StickyNote.node`).StickyNote)()],
	];
	/* eslint-enable @typescript-eslint/no-require-imports */
	for (const [name, make] of types) registerNodeType(name, make());
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function shorten(value: unknown, max = 160): string {
	const text = JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

async function main(): Promise<number> {
	registerExampleNodeTypes();
	const sandbox = await CampariSandbox.start({ port: 0 });
	const secrets = () => [DEMO_CLIENT_SECRET, ...sandbox.state.tokens.keys()];
	const print = (line = '') => out(scrub(line, secrets()));

	let failures = 0;
	try {
		const examples = loadExamples(REPO);
		print(`Campari Open API demo: ${examples.length} example workflows through n8n-core's WorkflowExecute, in-process (Node ${process.version})`);
		print(`Sandbox at ${sandbox.origin} (token URL ${sandbox.tokenUrl}, Material base URL ${sandbox.baseUrl})`);
		print(`Credential "${EXAMPLE_CREDENTIAL.name}" (id ${EXAMPLE_CREDENTIAL.id}) points at it; the client secret and tokens are never printed.`);

		for (const [index, { check, workflow, path }] of examples.entries()) {
			// Each workflow starts like a fresh n8n process: an empty token cache, clean counters.
			sharedTokenEngine.clear();
			sandbox.resetCounters();
			const credentials = newCredentialsHelper(sandboxCredential(sandbox), EXAMPLE_CREDENTIAL.id);
			const nodes = workflow.nodes as unknown as INode[];
			const startName = check.demoStart ?? nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')?.name;
			const start = nodes.find((n) => n.name === startName);
			if (!start) throw new Error(`${check.file}: no start node "${startName}"`);
			// tools/engine starts at the first node.
			const ordered = [start, ...nodes.filter((n) => n !== start)];

			print();
			print(`${index + 1}. ${workflow.name}  (${relative(REPO, path)})`);
			print(`   ${describeWorkflow(workflow)}`);
			const began = Date.now();
			const result = await runWorkflow(ordered, workflow.connections as never, credentials);
			const ms = Date.now() - began;
			const runData = result.run.data.resultData.runData;
			const ran = Object.keys(runData).map((name) => {
				const last = runData[name][runData[name].length - 1];
				const items = last.data?.main?.[0]?.length ?? 0;
				return last.error ? `${name} ✗ ${last.error.message}` : `${name} → ${plural(items, 'item')}`;
			});
			print(`   started at "${start.name}"; ran: ${ran.join(' · ')}`);
			const stats = sandbox.stats;
			const routes = Object.entries(stats.byRoute).filter(([r]) => r !== 'token').map(([r, n]) => `${r} ${n}`).join(', ');
			print(`   sandbox: ${plural(stats.tokenRequests, 'token request')}, ${plural(stats.apiRequests, 'Material request')}${routes ? ` (${routes})` : ''}, ${stats.unauthorized} refused`);

			let problem: string | undefined = result.error ? `the workflow failed: ${result.error.message}` : undefined;
			let items: INodeExecutionData[] = [];
			const json = (node: string): Json[] => result.output(node).map((i) => i.json as Json);
			if (!problem) {
				try {
					items = result.output(check.resultNode);
					problem = check.check(items.map((i) => i.json as Json), json) ?? checkStats(check, stats, 1);
				} catch (error) {
					problem = (error as Error).message;
				}
			}
			for (const name of new Set([nodes.find((n) => n.type === 'n8n-nodes-campari.campariMaterial' && n.parameters.resource === 'accessToken')?.name, check.resultNode])) {
				if (!name || !runData[name]) continue;
				let shown: INodeExecutionData[] = [];
				try {
					shown = result.output(name);
				} catch {
					continue;
				}
				print(`   output of "${name}" (${shown.length > 2 ? `first 2 of ${shown.length}` : plural(shown.length, 'item')}):`);
				for (const item of shown.slice(0, 2)) print(`     ${shorten(maskSecrets(item.json))}`);
			}
			if (problem) {
				failures++;
				print(`   ✗ FAILED: ${problem}`);
			} else {
				print(`   ✓ ok in ${ms} ms`);
			}
		}
		print();
		print(failures === 0 ? `All ${examples.length} example workflows ran and returned what they should.` : `${plural(failures, 'example workflow')} of ${examples.length} failed.`);
	} finally {
		await sandbox.stop();
	}
	return failures === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		process.stderr.write(`demo failed: ${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
