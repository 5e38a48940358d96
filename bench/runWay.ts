/**
 * One way, one size, in its own process (so peak RSS is this way's): `node dist/bench/runWay.js
 * <way> <N>`. The sandbox runs in the parent (bench.js); its origin comes in BENCH_ORIGIN, a
 * second sandbox for the warm-up in BENCH_WARM_ORIGIN. Prints one line: RESULT_PREFIX + JSON.
 */
import { performance } from 'node:perf_hooks';

import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { closeAllTransports, Transport } from '../lib/http/transport';
import { mapWithConcurrency } from '../lib/concurrency';
import { requestToken, sharedTokenEngine } from '../lib/token';
import { API_BASE_PATH, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../sandbox/server';
import { chain, CREDENTIAL_ID, newCredentialsHelper, node, registerNodeType, runWorkflow } from '../tools/engine/runWorkflow';
import { BenchNaiveGet, BenchNativeGet } from './baselineNodes';
import { BenchNativeOAuth } from './nativeCredential';
import { GenericAuthCredentialsHelper } from './nativeCredentialsHelper';
import { LatencyRecorder } from './latency';
import { findWay, materialId, RESULT_PREFIX, type Way, type WayResult } from './ways';

registerNodeType('bench.nativeGet', new BenchNativeGet());
registerNodeType('bench.naiveGet', new BenchNaiveGet());

const NATIVE_CREDENTIAL_ID = 'cred-bench-native';

interface Measured {
	ms: number;
	ok: number;
	/** performance.now() when the measured part started. */
	startedAt: number;
}

const hasMaterial = (json: unknown) => typeof json === 'object' && json !== null && 'MATERIAL_GENERAL_DATA' in json;

function urls(origin: string) {
	return { tokenUrl: `${origin}${API_BASE_PATH}/token`, baseUrl: `${origin}${API_BASE_PATH}` };
}

async function runN8nWay(way: Way, origin: string, n: number): Promise<Measured> {
	const { tokenUrl, baseUrl } = urls(origin);
	const ids = JSON.stringify(Array.from({ length: n }, (_v, i) => ({ id: materialId(i) })));
	let get: INode;
	let helper;
	if (way.name === 'node-c1' || way.name === 'node-c10') {
		// Default concurrency: the option left unset, as a user would leave it.
		const options = way.name === 'node-c1' ? { concurrency: 1 } : {};
		get = node('Get', 'n8n-nodes-campari.campariMaterial', { resource: 'material', operation: 'get', materialId: '={{ $json.id }}', options });
		const data: ICredentialDataDecryptedObject = {
			tokenUrl,
			baseUrl,
			clientId: DEMO_CLIENT_ID,
			clientSecret: DEMO_CLIENT_SECRET,
			scope: '',
			clientAuthentication: 'body',
			ignoreSslIssues: false, // the certificate is trusted through NODE_EXTRA_CA_CERTS
			accessToken: '',
			expiresAt: 0,
		};
		helper = newCredentialsHelper(data, CREDENTIAL_ID);
	} else if (way.name === 'native-seq' || way.name === 'native-par') {
		get = node('Get', 'bench.nativeGet', { materialId: '={{ $json.id }}', batchSize: way.concurrency }, {
			credentials: { benchNativeOAuth: { id: NATIVE_CREDENTIAL_ID, name: 'native (sandbox)' } },
		});
		helper = new GenericAuthCredentialsHelper({ benchNativeOAuth: new BenchNativeOAuth() });
		helper.setCredential(NATIVE_CREDENTIAL_ID, { tokenUrl, baseUrl, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, accessToken: '' });
	} else {
		get = node('Get', 'bench.naiveGet', { tokenUrl, baseUrl, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET });
		helper = newCredentialsHelper({});
	}
	const nodes = [node('Trigger', 'n8n-nodes-base.manualTrigger'), node('Ids', 'test.itemsSource', { items: ids }), get];
	const result = await runWorkflow(nodes, chain('Trigger', 'Ids', 'Get'), helper);
	if (result.error) throw new Error(`the workflow failed: ${result.error.message}`);
	const task = result.run.data.resultData.runData.Get[0];
	const out = result.output('Get');
	return { ms: task.executionTime, ok: out.filter((item) => hasMaterial(item.json)).length, startedAt: task.startTime - performance.timeOrigin };
}

/** The ceiling: one token, then the same GETs straight over one undici pool, no n8n in between. */
async function runCeiling(way: Way, origin: string, n: number): Promise<Measured> {
	const { tokenUrl, baseUrl } = urls(origin);
	const transport = new Transport({ connections: way.concurrency });
	try {
		const start = performance.now();
		const token = await requestToken({ tokenUrl, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET }, { transport, now: Date.now });
		const headers = { accept: 'application/json', authorization: `Bearer ${token.accessToken}` };
		const found = await mapWithConcurrency(n, way.concurrency, async (i) => {
			const res = await transport.request({ method: 'GET', url: `${baseUrl}/materials/${materialId(i)}`, headers });
			return res.status === 200 && hasMaterial(JSON.parse(res.body.toString('utf8')));
		});
		return { ms: performance.now() - start, ok: found.filter(Boolean).length, startedAt: start };
	} finally {
		await transport.close();
	}
}

async function main(): Promise<void> {
	const [wayName, nText] = process.argv.slice(2);
	const way = findWay(wayName ?? '');
	const n = Number(nText);
	const origin = process.env.BENCH_ORIGIN;
	const warmOrigin = process.env.BENCH_WARM_ORIGIN;
	const warmup = Number(process.env.BENCH_WARMUP ?? 200);
	if (!Number.isInteger(n) || n < 1 || !origin) throw new Error('usage: BENCH_ORIGIN=https://… node dist/bench/runWay.js <way> <N>');
	const run = way.n8n ? runN8nWay : runCeiling;
	const recorder = new LatencyRecorder((path) => path.startsWith(`${API_BASE_PATH}/materials/`));

	// Warm-up against another sandbox, so the JIT and module caches are warm as in a running n8n;
	// then every cache this way could carry over (token, pools) is dropped.
	if (warmOrigin && warmup > 0) {
		await run(way, warmOrigin, warmup);
		sharedTokenEngine.clear();
		await closeAllTransports();
	}
	(globalThis as { gc?: () => void }).gc?.();

	const rssBefore = process.memoryUsage().rss;
	let runPeak = rssBefore;
	const sampler = setInterval(() => (runPeak = Math.max(runPeak, process.memoryUsage.rss())), 10);
	recorder.start();
	const measured = await run(way, origin, n);
	recorder.stop();
	clearInterval(sampler);
	runPeak = Math.max(runPeak, process.memoryUsage.rss());
	const result: WayResult = {
		way: way.name,
		n,
		ok: measured.ok,
		ms: measured.ms,
		p50Ms: recorder.percentile(50),
		p99Ms: recorder.percentile(99),
		latencySamples: recorder.samples.length,
		firstRequestMs: recorder.firstStart === undefined ? NaN : recorder.firstStart - measured.startedAt,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		rssBeforeMb: rssBefore / 1024 / 1024,
		runPeakRssMb: runPeak / 1024 / 1024,
	};
	await closeAllTransports();
	process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ error: String((error as Error)?.stack ?? error) })}\n`);
		process.exit(1);
	},
);
