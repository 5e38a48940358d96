/**
 * `npm run soak` (or `node dist/scripts/soak.js [--items 10000] [--concurrency 50] [--lifetime 5]
 * [--delay-ms 100] [--rounds 3] [--max-seconds 420] [--sample-ms 1000]`).
 *
 * Load and soak of the Campari Material node through n8n-core's WorkflowExecute: `--rounds` runs of
 * `--items` Material GETs at `--concurrency`, against the sandbox in a child process on loopback, with
 * tokens that live `--lifetime` seconds and every API answer held `--delay-ms` (so a run spans many
 * token lifetimes). Checks that every item succeeds and that token requests ≈ run time / lifetime,
 * and samples RSS and heap of this process over time. Bounded by count and by `--max-seconds`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { closeAllTransports } from '../lib/http/transport';
import { refreshMarginMs } from '../lib/token';
import { chain, newCredentialsHelper, node, runWorkflow } from '../tools/engine/runWorkflow';

interface Args {
	items: number;
	concurrency: number;
	lifetimeS: number;
	delayMs: number;
	rounds: number;
	maxSeconds: number;
	sampleMs: number;
}

function parseArgs(argv: string[]): Args {
	const num = (flag: string, fallback: number, min: number, max: number) => {
		const i = argv.indexOf(flag);
		const n = i >= 0 ? Number(argv[i + 1]) : fallback;
		if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${flag} must be a number from ${min} to ${max}`);
		return n;
	};
	return {
		items: num('--items', 10_000, 1, 100_000),
		concurrency: num('--concurrency', 50, 1, 100),
		lifetimeS: num('--lifetime', 5, 1, 3600),
		delayMs: num('--delay-ms', 100, 0, 10_000),
		rounds: num('--rounds', 3, 1, 20),
		maxSeconds: num('--max-seconds', 420, 10, 3600),
		sampleMs: num('--sample-ms', 1000, 100, 60_000),
	};
}

interface Sample {
	t: number;
	round: number;
	rssMB: number;
	heapMB: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A real GC between rounds, so "heap after the round" is what is still reachable. */
function gcFunction(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

interface SandboxInfo {
	origin: string;
	tokenUrl: string;
	baseUrl: string;
	clientId: string;
	clientSecret: string;
}

async function startSandbox(lifetimeS: number): Promise<{ child: ChildProcess; info: SandboxInfo }> {
	const child = spawn(process.execPath, [join(__dirname, '..', 'sandbox', 'cli.js'), '--port', '0', '--token-lifetime', String(lifetimeS)], { stdio: ['ignore', 'pipe', 'inherit'] });
	const info = await new Promise<SandboxInfo>((resolve, reject) => {
		let buffered = '';
		const timer = setTimeout(() => reject(new Error('the sandbox did not start within 20 s')), 20_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			buffered += chunk.toString('utf8');
			const line = buffered.split('\n')[0];
			if (buffered.includes('\n')) {
				clearTimeout(timer);
				resolve(JSON.parse(line) as SandboxInfo);
			}
		});
		child.once('exit', (code) => reject(new Error(`the sandbox exited with code ${code}`)));
	});
	return { child, info };
}

async function control(info: SandboxInfo, path: string, body?: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(`${info.origin}/_sandbox/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	return (await res.json()) as Record<string, unknown>;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const deadline = setTimeout(() => {
		process.stderr.write(`soak: over --max-seconds ${args.maxSeconds}, stopping\n`);
		process.exit(2);
	}, args.maxSeconds * 1000);
	deadline.unref();

	const gc = gcFunction();
	const { child, info } = await startSandbox(args.lifetimeS);
	const started = Date.now();
	const samples: Sample[] = [];
	let round = 0;
	const sample = () => {
		const m = process.memoryUsage();
		samples.push({ t: Math.round((Date.now() - started) / 100) / 10, round, rssMB: mb(m.rss), heapMB: mb(m.heapUsed) });
	};
	const sampler = setInterval(sample, args.sampleMs);
	const afterGc: Array<{ round: number; rssMB: number; heapMB: number }> = [];
	const rounds: Array<{ round: number; seconds: number; items: number; failed: number; tokenRequests: number; unauthorized: number; apiRequests: number; itemsPerSecond: number }> = [];
	let ok = true;

	try {
		// every Material answer is held --delay-ms, after the token was checked (the gateway's own work)
		if (args.delayMs > 0) await control(info, 'faults', { route: 'material.get', times: 1e12, action: { type: 'delay', ms: args.delayMs } });
		const ids = Array.from({ length: args.items }, (_v, i) => ({ id: String(100001 + (i % 800_000)).padStart(18, '0') }));
		const credential = { tokenUrl: info.tokenUrl, baseUrl: info.baseUrl, clientId: info.clientId, clientSecret: info.clientSecret, scope: '', clientAuthentication: 'body', ignoreSslIssues: false, accessToken: '', expiresAt: 0 };
		gc();
		sample();
		afterGc.push({ round: 0, rssMB: samples[samples.length - 1].rssMB, heapMB: samples[samples.length - 1].heapMB });

		for (round = 1; round <= args.rounds; round++) {
			const before = (await control(info, 'stats')) as { tokenRequests: number; unauthorized: number; apiRequests: number };
			const nodes = [
				node('Trigger', 'n8n-nodes-base.manualTrigger'),
				node('Ids', 'test.itemsSource', { items: JSON.stringify(ids) }),
				node('Get', 'n8n-nodes-campari.campariMaterial', { resource: 'material', operation: 'get', materialId: '={{ $json.id }}', options: { concurrency: args.concurrency } }),
			];
			const t0 = Date.now();
			const result = await runWorkflow(nodes, chain('Trigger', 'Ids', 'Get'), newCredentialsHelper(credential));
			const seconds = (Date.now() - t0) / 1000;
			let items = 0;
			let failed = 0;
			try {
				const out = result.output('Get');
				items = out.length;
				failed = out.filter((o) => o.json.error !== undefined || o.json.MATERIAL_GENERAL_DATA === undefined).length;
			} catch (error) {
				failed = args.items;
				process.stderr.write(`soak: round ${round} failed: ${(error as Error).message}\n`);
			}
			const after = (await control(info, 'stats')) as { tokenRequests: number; unauthorized: number; apiRequests: number };
			rounds.push({
				round,
				seconds: Math.round(seconds * 10) / 10,
				items,
				failed,
				tokenRequests: after.tokenRequests - before.tokenRequests,
				unauthorized: after.unauthorized - before.unauthorized,
				apiRequests: after.apiRequests - before.apiRequests,
				itemsPerSecond: Math.round(items / seconds),
			});
			if (items !== args.items || failed > 0) ok = false;
			gc();
			const m = process.memoryUsage();
			afterGc.push({ round, rssMB: mb(m.rss), heapMB: mb(m.heapUsed) });
			process.stderr.write(`soak: round ${round}/${args.rounds}: ${JSON.stringify(rounds[rounds.length - 1])} heap after GC ${mb(m.heapUsed)} MB\n`);
		}
	} finally {
		clearInterval(sampler);
		child.kill('SIGTERM');
		await closeAllTransports();
	}

	const totalSeconds = rounds.reduce((s, r) => s + r.seconds, 0);
	const tokenRequests = rounds.reduce((s, r) => s + r.tokenRequests, 0);
	// A token is replaced when it enters its refresh margin, i.e. after lifetime − margin.
	const refreshEveryS = (args.lifetimeS * 1000 - refreshMarginMs(args.lifetimeS * 1000)) / 1000;
	const expectedTokens = totalSeconds / refreshEveryS;
	const inRound = samples.filter((s) => s.round >= 1);
	const peakRss = Math.max(...inRound.map((s) => s.rssMB));
	const peakHeap = Math.max(...inRound.map((s) => s.heapMB));
	const heapGrowthAfterGc = afterGc.length > 2 ? Math.round((afterGc[afterGc.length - 1].heapMB - afterGc[1].heapMB) * 10) / 10 : 0;
	const tokensOk = Math.abs(tokenRequests - expectedTokens) <= Math.max(2, expectedTokens * 0.25) + rounds.length;
	const memoryOk = heapGrowthAfterGc < 25;
	const report = {
		args,
		rounds,
		totals: {
			seconds: Math.round(totalSeconds * 10) / 10,
			items: rounds.reduce((s, r) => s + r.items, 0),
			failed: rounds.reduce((s, r) => s + r.failed, 0),
			tokenRequests,
			expectedTokenRequests: Math.round(expectedTokens * 10) / 10,
			refreshEverySeconds: refreshEveryS,
			unauthorized: rounds.reduce((s, r) => s + r.unauthorized, 0),
		},
		memory: {
			afterGc,
			peakRssMB: peakRss,
			peakHeapMB: peakHeap,
			heapGrowthAfterGcFromRound1MB: heapGrowthAfterGc,
			samples: inRound.filter((_s, i) => i % Math.max(1, Math.floor(inRound.length / 40)) === 0),
		},
		verdict: { allItemsSucceeded: ok, tokenRequestsAsExpected: tokensOk, memoryFlat: memoryOk },
	};
	process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
	process.exit(ok && tokensOk && memoryOk ? 0 : 1);
}

main().catch((error: Error) => {
	process.stderr.write(`soak failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
