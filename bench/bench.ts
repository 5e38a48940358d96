/**
 * `npm run bench` (or `node dist/bench/bench.js [--quick] [--sizes 100,1000] [--ways node-c10,native-par]
 * [--note "…"] [--out bench/results.md]`): N Material GETs over HTTPS on loopback, made seven ways,
 * each way in a fresh child process against a fresh sandbox. See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { CampariSandbox } from '../sandbox/server';
import type { SandboxStats } from '../sandbox/state';
import { makeSelfSignedCert } from '../sandbox/tls';
import { findWay, RESULT_PREFIX, type Way, type WayName, type WayResult, WAYS } from './ways';

interface Args {
	quick: boolean;
	sizes: number[];
	ways: Way[];
	note?: string;
	out?: string;
	wayTimeoutS: number;
	warmup: number;
	/** A slow way (n8n-native, naive) is skipped at a size where its rate at the previous size predicts more than this; 0: never. */
	slowBudgetS: number;
	/** Runs of each way and size; the fastest one is reported (a busy machine only ever slows a run down). */
	repeat: number;
	/** Write a V8 CPU profile of every child to bench/.tmp/profiles (git-ignored). */
	profile: boolean;
}

function parseArgs(argv: string[]): Args {
	const value = (flag: string) => {
		const i = argv.indexOf(flag);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const quick = argv.includes('--quick');
	const sizes = (value('--sizes') ?? (quick ? '100' : '100,1000,10000')).split(',').map(Number);
	if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive whole numbers, e.g. 100,1000');
	const ways = value('--ways') ? (value('--ways') as string).split(',').map(findWay) : WAYS;
	const out = value('--out') ?? (quick ? undefined : join(__dirname, '..', '..', 'bench', 'results.md'));
	return { quick, sizes, ways, note: value('--note'), out, wayTimeoutS: Number(value('--way-timeout-s') ?? 300), warmup: Number(value('--warmup') ?? 200), profile: argv.includes('--profile'), slowBudgetS: Number(value('--slow-budget-s') ?? 120), repeat: Math.max(1, Number(value('--repeat') ?? (quick ? 3 : 1))) };
}

interface Row {
	way: Way;
	n: number;
	result?: WayResult;
	stats?: SandboxStats;
	error?: string;
	/** Why it was not run. */
	skipped?: string;
}

const say = (text: string) => process.stdout.write(`${text}\n`);

/** Runs one way in a child process against a fresh sandbox; the sandbox counts tokens and TLS connections. */
async function runOne(way: Way, n: number, ctx: { cert: { key: string; cert: string }; certFile: string; warmOrigin: string; args: Args }): Promise<Row> {
	const sandbox = await CampariSandbox.start({ tls: ctx.cert });
	try {
		const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: ctx.certFile, BENCH_ORIGIN: sandbox.origin, BENCH_WARM_ORIGIN: ctx.warmOrigin, BENCH_WARMUP: String(ctx.args.warmup) };
		// Loopback only: a proxy from the environment would measure the proxy.
		for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
		const profile = ctx.args.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(__dirname, '..', '..', 'bench', '.tmp', 'profiles')}`, `--cpu-prof-name=${way.name}-${n}.cpuprofile`] : [];
		const child = spawn(process.execPath, [...profile, '--expose-gc', join(__dirname, 'runWay.js'), way.name, String(n)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const timer = setTimeout(() => child.kill('SIGKILL'), ctx.args.wayTimeoutS * 1000);
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearTimeout(timer);
		const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
		const parsed = line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as WayResult & { error?: string }) : undefined;
		const stats = structuredClone(sandbox.stats);
		if (!parsed || parsed.error || code !== 0) {
			const why = parsed?.error ?? (code === null ? `killed after ${ctx.args.wayTimeoutS} s` : `exit code ${code}`);
			return { way, n, stats, error: `${why}${stderr ? `\n${stderr.slice(-2000)}` : ''}` };
		}
		return { way, n, result: parsed, stats };
	} finally {
		await sandbox.stop();
	}
}

const rps = (row?: Row) => (row?.result ? row.n / (row.result.ms / 1000) : NaN);
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)}×` : '–');

function find(rows: Row[], way: WayName, n: number): Row | undefined {
	return rows.find((r) => r.way.name === way && r.n === n);
}

function table(rows: Row[]): string {
	const lines = [
		'| Way | N | conc. | req/s | × native seq | × native par | token req | TLS conn | GETs seen | p50 ms | p99 ms | 1st GET after ms | peak RSS MB | RSS growth MB | time s |',
		'|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
	];
	for (const row of rows) {
		const r = row.result;
		const s = row.stats;
		const seq = rps(find(rows, 'native-seq', row.n));
		const par = rps(find(rows, 'native-par', row.n));
		lines.push(
			`| ${row.way.label}${row.error ? ' **(failed)**' : row.skipped ? ' *(skipped, see below)*' : ''} | ${row.n} | ${row.way.concurrency} | ${fmt(rps(row))} | ${times(rps(row) / seq)} | ${times(rps(row) / par)} | ${s?.tokenRequests ?? '–'} | ${s?.tlsConnections ?? '–'} | ${s?.byRoute['material.get'] ?? 0} | ${fmt(r?.p50Ms ?? NaN, 2)} | ${fmt(r?.p99Ms ?? NaN, 2)} | ${fmt(r?.firstRequestMs ?? NaN)} | ${fmt(r?.peakRssMb ?? NaN)} | ${fmt(r ? r.runPeakRssMb - r.rssBeforeMb : NaN)} | ${fmt((r?.ms ?? NaN) / 1000, 2)} |`,
		);
	}
	return lines.join('\n');
}

interface Check {
	goal: string;
	met: boolean | undefined;
	evidence: string;
}

function checks(rows: Row[], sizes: number[]): Check[] {
	const out: Check[] = [];
	const add = (goal: string, met: boolean | undefined, evidence: string) => out.push({ goal, met, evidence });
	const nGoal = sizes.includes(1000) ? 1000 : Math.max(...sizes);
	const bestNative = Math.max(rps(find(rows, 'native-seq', nGoal)), rps(find(rows, 'native-par', nGoal)));
	const ours = rps(find(rows, 'node-c10', nGoal));
	add(`node-c10 ≥ 8× the faster n8n-native way (seq or par) at N = ${nGoal}`, Number.isFinite(ours / bestNative) ? ours / bestNative >= 8 : undefined, `${fmt(ours)} vs ${fmt(bestNative)} req/s = ${times(ours / bestNative)}`);
	const pairs: Array<[WayName, WayName]> = [['node-c10', 'native-par'], ['node-c1', 'native-seq']];
	for (const [a, b] of pairs) {
		const ratio = rps(find(rows, a, nGoal)) / rps(find(rows, b, nGoal));
		add(`${a} ≥ 8× ${b} req/s at N = ${nGoal} (same concurrency)`, Number.isFinite(ratio) ? ratio >= 8 : undefined, `${fmt(rps(find(rows, a, nGoal)))} vs ${fmt(rps(find(rows, b, nGoal)))} req/s = ${times(ratio)}`);
	}
	for (const row of rows.filter((r) => r.way.name.startsWith('node-'))) {
		const tokens = row.stats?.tokenRequests;
		add(`${row.way.name} N = ${row.n}: exactly 1 token request`, row.result ? tokens === 1 : undefined, `${tokens ?? '–'} token requests`);
	}
	for (const row of rows.filter((r) => r.way.name.startsWith('node-'))) {
		const tls = row.stats?.tlsConnections;
		const limit = row.way.concurrency + 1;
		add(
			`${row.way.name} N = ${row.n}: TLS connections ≤ concurrency + 1 (token endpoint on the same origin)`,
			row.result && tls !== undefined ? tls <= limit : undefined,
			`${tls ?? '–'} TLS connections, limit ${limit}${tls !== undefined && tls > row.way.concurrency ? ' (the +1 is used)' : ''}`,
		);
	}
	for (const row of rows.filter((r) => r.way.name.startsWith('node-'))) {
		const ceiling = find(rows, row.way.concurrency === 1 ? 'ceiling-c1' : 'ceiling-c10', row.n);
		const ratio = rps(ceiling) / rps(row);
		const overhead = row.result && ceiling?.result ? 1 - ceiling.result.ms / row.result.ms : NaN;
		// The node reads every item's parameters before it sends anything: its requests alone, against the ceiling.
		const fromFirstGet = row.result && ceiling?.result ? (row.result.ms - row.result.firstRequestMs) / ceiling.result.ms : NaN;
		add(
			`${row.way.name} N = ${row.n}: within 2× the raw undici ceiling`,
			Number.isFinite(ratio) ? ratio <= 2 : undefined,
			`ceiling ${fmt(rps(ceiling))} req/s, node ${fmt(rps(row))} req/s: ceiling is ${times(ratio)}; n8n + node share of the node's time ${fmt(overhead * 100)} %; counted from the node's first GET (without the pre-pass over every item's parameters) the ceiling is ${times(fromFirstGet)}`,
		);
	}
	const small = Math.min(...sizes);
	const large = Math.max(...sizes);
	if (large > small) {
		for (const way of ['node-c1', 'node-c10'] as WayName[]) {
			const a = find(rows, way, small)?.result;
			const b = find(rows, way, large)?.result;
			const growth = large / small;
			const timeRatio = b && a ? b.ms / a.ms : NaN;
			const rssRatio = b && a ? b.peakRssMb / a.peakRssMb : NaN;
			const growthOf = (r?: WayResult) => (r ? r.runPeakRssMb - r.rssBeforeMb : NaN);
			add(
				`${way}: time and peak RSS grow no faster than N (${small} → ${large}, ×${growth})`,
				Number.isFinite(timeRatio) && Number.isFinite(rssRatio) ? timeRatio <= growth && rssRatio <= growth : undefined,
				`time ×${fmt(timeRatio, 1)} (${fmt(a ? (a.ms * 1000) / small : NaN)} → ${fmt(b ? (b.ms * 1000) / large : NaN)} µs per item); peak RSS ×${fmt(rssRatio, 2)} (${fmt(a?.peakRssMb ?? NaN)} → ${fmt(b?.peakRssMb ?? NaN)} MB; RSS growth during the run ${fmt(growthOf(a))} → ${fmt(growthOf(b))} MB, ${fmt((growthOf(b) * 1024) / large, 1)} KB per item at N = ${large})`,
			);
		}
	}
	return out;
}

function version(pkg: string): string {
	try {
		return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const started = new Date();
	const loadBefore = loadavg();
	const cert = makeSelfSignedCert();
	const dir = mkdtempSync(join(tmpdir(), 'campari-bench-'));
	const certFile = join(dir, 'sandbox-ca.pem');
	writeFileSync(certFile, cert.cert);
	const warm = await CampariSandbox.start({ tls: cert });
	const rows: Row[] = [];
	const lastRate = new Map<WayName, number>();
	try {
		for (const n of args.sizes) {
			for (const way of args.ways) {
				const slow = way.n8n && !way.name.startsWith('node-');
				const rate = lastRate.get(way.name);
				if (slow && args.slowBudgetS > 0 && rate !== undefined && n / rate > args.slowBudgetS) {
					const skipped = `${way.name} N = ${n}: not run — at its ${fmt(rate)} req/s of the previous size it would take about ${fmt(n / rate)} s, over the ${args.slowBudgetS} s budget per way (\`--slow-budget-s 0\` runs it anyway)`;
					say(`… ${skipped}`);
					rows.push({ way, n, skipped });
					continue;
				}
				let row: Row | undefined;
				for (let attempt = 1; attempt <= args.repeat; attempt++) {
					say(`… ${way.name} N=${n}${args.repeat > 1 ? ` (run ${attempt} of ${args.repeat})` : ''}`);
					const run = await runOne(way, n, { cert, certFile, warmOrigin: warm.origin, args });
					if (!run.error && run.result && (run.result.ok !== n || run.stats?.byRoute['material.get'] !== n)) {
						run.error = `expected ${n} materials, got ${run.result.ok} (sandbox saw ${run.stats?.byRoute['material.get'] ?? 0} GETs)`;
					}
					if (run.error) say(`  FAILED: ${run.error}`);
					else say(`  ${fmt(rps(run))} req/s, ${run.stats?.tokenRequests} token requests, ${run.stats?.tlsConnections} TLS connections, ${fmt((run.result?.ms ?? 0) / 1000, 2)} s`);
					// A failed run is reported as such; otherwise the fastest run.
					if (!row || run.error || (!row.error && rps(run) > rps(row))) row = row?.error ? row : run;
				}
				if (!row) continue;
				if (row.result && !row.error) lastRate.set(way.name, rps(row));
				rows.push(row);
			}
		}
	} finally {
		await warm.stop();
		rmSync(dir, { recursive: true, force: true });
	}
	const loadAfter = loadavg();
	const cpu = cpus();
	const machine = [
		`- Date: ${started.toISOString()}`,
		`- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory; load average (1/5/15 min) ${loadBefore.map((x) => x.toFixed(2)).join(' / ')} before, ${loadAfter.map((x) => x.toFixed(2)).join(' / ')} after`,
		`- Node ${process.version}; n8n-core ${version('n8n-core')}, n8n-workflow ${version('n8n-workflow')}, n8n-nodes-base ${version('n8n-nodes-base')}, undici ${version('undici')}`,
		`- Sizes ${args.sizes.join(', ')}; warm-up ${args.warmup} items against a separate sandbox before each measured run; ${args.repeat > 1 ? `the fastest of ${args.repeat} runs per way and size` : 'one run per way and size'}`,
	];
	if (args.note) machine.push(`- Note: ${args.note}`);
	const goalLines = checks(rows, args.sizes).map((c) => `- ${c.met === undefined ? 'not measured' : c.met ? '**met**' : '**missed**'}: ${c.goal} — ${c.evidence}`);
	const failures = rows.filter((r) => r.error).map((r) => `- ${r.way.name} N = ${r.n}: ${r.error?.split('\n')[0]}`);
	const skips = rows.filter((r) => r.skipped).map((r) => `- ${r.skipped}`);
	for (const r of rows) {
		if (r.result && r.result.latencySamples !== r.n) failures.push(`- ${r.way.name} N = ${r.n}: latency from ${r.result.latencySamples} of ${r.n} GETs only (the percentiles are of those)`);
	}
	const report = [
		'# Benchmark: N Material GETs over HTTPS (loopback sandbox)',
		'',
		...machine,
		'',
		table(rows),
		'',
		'req/s: N divided by the requesting node\'s own executionTime in the n8n run data (the ceiling: its whole loop, token included). p50/p99: client side, per Material GET, from the moment the request is handed to the HTTP client to the last byte of the answer (diagnostics_channel, so a TLS handshake or a wait for a pooled connection counts). Token requests, TLS connections and GETs are counted by the sandbox, a fresh one per way. Peak RSS: the way\'s own child process (maxRSS, n8n loaded and warm-up included); RSS growth: the highest RSS sampled during the measured run minus the RSS right before it. How it is measured: bench/README.md.',
		'',
		'## Goals',
		'',
		...goalLines,
		...(skips.length ? ['', '## Skipped runs', '', ...skips] : []),
		...(failures.length ? ['', '## Failed runs', '', ...failures] : []),
		'',
	].join('\n');
	say('');
	say(report);
	if (args.out) {
		writeFileSync(args.out, report);
		say(`written to ${args.out}`);
	}

	let failed = rows.some((r) => r.error);
	if (args.quick) {
		const n = Math.min(...args.sizes);
		const ours = rps(find(rows, 'node-c10', n));
		const native = Math.max(rps(find(rows, 'native-seq', n)), rps(find(rows, 'native-par', n)));
		if (!(ours >= native)) {
			say(`QUICK: FAIL — the node at its default concurrency made ${fmt(ours)} req/s, the n8n-native way ${fmt(native)} req/s (N = ${n})`);
			failed = true;
		} else {
			say(`QUICK: ok — the node at its default concurrency ${fmt(ours)} req/s ≥ n8n-native ${fmt(native)} req/s (${times(ours / native)}, N = ${n})`);
		}
	}
	process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
	process.stdout.write(`bench failed: ${String((error as Error)?.stack ?? error)}\n`);
	process.exitCode = 1;
});
