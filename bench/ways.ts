/** The ways of making the same N Material GET requests that the benchmark compares. */
export type WayName = 'node-c1' | 'node-c10' | 'native-seq' | 'native-par' | 'naive-seq' | 'ceiling-c1' | 'ceiling-c10';

export interface Way {
	name: WayName;
	label: string;
	/** Requests in flight at once. */
	concurrency: number;
	/** Runs inside n8n-core's WorkflowExecute (false: the raw undici ceiling). */
	n8n: boolean;
}

export const NODE_DEFAULT_CONCURRENCY = 10;

export const WAYS: Way[] = [
	{ name: 'node-c1', label: 'Campari Material node, concurrency 1', concurrency: 1, n8n: true },
	{ name: 'node-c10', label: 'Campari Material node, default concurrency 10', concurrency: NODE_DEFAULT_CONCURRENCY, n8n: true },
	{ name: 'native-seq', label: 'n8n-native (httpRequestWithAuthentication + preAuthentication), sequential', concurrency: 1, n8n: true },
	{ name: 'native-par', label: 'n8n-native, parallel in batches of 10', concurrency: NODE_DEFAULT_CONCURRENCY, n8n: true },
	{ name: 'naive-seq', label: 'naive Code-node style: a token per item, sequential', concurrency: 1, n8n: true },
	{ name: 'ceiling-c1', label: 'ceiling: raw undici pool (Transport), concurrency 1', concurrency: 1, n8n: false },
	{ name: 'ceiling-c10', label: 'ceiling: raw undici pool (Transport), concurrency 10', concurrency: NODE_DEFAULT_CONCURRENCY, n8n: false },
];

export function findWay(name: string): Way {
	const way = WAYS.find((w) => w.name === name);
	if (!way) throw new Error(`unknown way "${name}" (one of ${WAYS.map((w) => w.name).join(', ')})`);
	return way;
}

/** What runWay.js prints, one JSON line after RESULT_PREFIX. */
export interface WayResult {
	way: WayName;
	n: number;
	/** Items that came back with a material (must be n). */
	ok: number;
	/** Wall time of the measured part: the requesting node's own executionTime in n8n, or the whole ceiling loop. */
	ms: number;
	/** Client-side latency of each Material GET, request handed to the HTTP client → last byte of the answer. */
	p50Ms: number;
	p99Ms: number;
	latencySamples: number;
	/** From the start of the measured part to the first Material GET handed to the HTTP client. */
	firstRequestMs: number;
	peakRssMb: number;
	rssBeforeMb: number;
	/** Highest RSS seen while the measured part ran (sampled every 10 ms, and at its end). */
	runPeakRssMb: number;
	error?: string;
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

/** The same 18-digit ids for every way (the sandbox answers any id not starting with 9). */
export const materialId = (i: number) => String(100001 + i).padStart(18, '0');
