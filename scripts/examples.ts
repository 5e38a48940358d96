import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The example workflows (examples/*.json) and what a run of each must produce. Shared by the demo
 * (in-process n8n-core) and the e2e (a real n8n): the same files, the same checks.
 */

/** The credential every example references; the demo and the e2e define it, pointed at the sandbox. */
export const EXAMPLE_CREDENTIAL = { id: 'campariSandbox01', name: 'Campari Open API (sandbox)', type: 'campariOpenApi' } as const;

/** The environment variable example 01's HTTP Request reads the Material API base URL from. */
export const BASE_URL_ENV = 'CAMPARI_MATERIAL_BASE_URL';

export interface WorkflowFile {
	name: string;
	id: string;
	nodes: Array<{ id: string; name: string; type: string; typeVersion: number; position: [number, number]; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export type Json = Record<string, unknown>;

/** The sandbox's counters (GET /_sandbox/stats). */
export interface Stats {
	tokenRequests: number;
	apiRequests: number;
	unauthorized: number;
	byRoute: Record<string, number>;
}

export interface ExampleCheck {
	file: string;
	/** The node whose output is the result. */
	resultNode: string;
	/** The trigger the demo starts from (a real n8n's `execute` always starts at the Manual Trigger). */
	demoStart?: string;
	/** Sandbox requests one run makes, by route (token requests: one per fresh n8n process). */
	routes: Record<string, number>;
	/** Returns what is wrong with the result items (json only), or nothing. */
	check(items: Json[], output: (node: string) => Json[]): string | undefined;
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const general = (item: Json) => obj(item.MATERIAL_GENERAL_DATA);

function expectCount(items: Json[], n: number): string | undefined {
	return items.length === n ? undefined : `expected ${n} items, got ${items.length}`;
}

export const EXAMPLE_CHECKS: ExampleCheck[] = [
	{
		file: '01-access-token-in-http-request.json',
		resultNode: 'HTTP Request with the token',
		routes: { 'material.getTypes': 1 },
		check(items, output) {
			const token = output('Get access token')[0] ?? {};
			if (typeof token.accessToken !== 'string' || token.accessToken.length < 8) return 'Get access token returned no accessToken';
			if (token.authorizationHeader !== `Bearer ${token.accessToken}`) return 'authorizationHeader is not "Bearer <accessToken>"';
			const types = obj(obj(items[0]).materials).types;
			if (!Array.isArray(types) || !types.some((t) => obj(t).code === 'FERT')) return `the HTTP Request did not return the material types: ${JSON.stringify(items[0]).slice(0, 200)}`;
			return expectCount(items, 1);
		},
	},
	{
		file: '02-read-materials-and-convert-units.json',
		resultNode: 'Convert to cases',
		routes: { 'material.get': 3, 'material.convertUnitOfMeasure': 3 },
		check(items) {
			const wrong = expectCount(items, 3);
			if (wrong) return wrong;
			// 120 bottles at 6 a case, 36 at 6, 48 at 12 (the sandbox's seeded materials).
			const expected = [20, 6, 4];
			for (let i = 0; i < 3; i++) {
				const converted = convertedQuantity(items[i]);
				if (converted !== expected[i]) return `item ${i}: expected ${expected[i]} cases, got ${JSON.stringify(items[i]).slice(0, 200)}`;
			}
			return undefined;
		},
	},
	{
		file: '03-create-materials-from-rows.json',
		resultNode: 'Read it back',
		routes: { 'material.create': 3, 'material.get': 3 },
		check(items, output) {
			const created = output('Create material');
			if (created.length !== 3 || created.some((c) => typeof c.materialCode !== 'string')) return `Create material did not return 3 material codes: ${JSON.stringify(created).slice(0, 300)}`;
			const wrong = expectCount(items, 3);
			if (wrong) return wrong;
			const descriptions = ['Campari Soda 10cl', 'Aperol Spritz Ready to Enjoy 17.5cl', 'Rhubarb Root Extract'];
			for (let i = 0; i < 3; i++) {
				const g = general(items[i]);
				if (g.MATERIAL !== created[i].materialCode || g.MATL_DESC !== descriptions[i]) return `item ${i}: read back ${JSON.stringify(g).slice(0, 200)}`;
			}
			if (general(items[0]).NET_WEIGHT !== 0.1) return `the row's net weight "0,1" was not sent as 0.1: ${JSON.stringify(general(items[0]))}`;
			return undefined;
		},
	},
	{
		file: '04-scheduled-material-sync.json',
		resultNode: 'Write to your system',
		demoStart: 'Every day at 06:00',
		routes: { 'material.get': 5 },
		check(items) {
			const wrong = expectCount(items, 5);
			if (wrong) return wrong;
			const first = items[0];
			if (first.sku !== '000000000000100001' || first.description !== 'Campari Bitter 1L' || first.standardPrice !== 9.8 || typeof first.syncedAt !== 'string') return `unexpected first item ${JSON.stringify(first)}`;
			return undefined;
		},
	},
];

/** The converted quantity, whatever the convert operation names it. */
export function convertedQuantity(item: Json): number | undefined {
	for (const key of ['convertedQuantity', 'quantityConverted', 'toQuantity', 'result']) {
		if (typeof item[key] === 'number') return item[key] as number;
	}
	return undefined;
}

/** Compares a run's sandbox counters with what the example should cost. */
export function checkStats(check: ExampleCheck, stats: Stats, tokenRequests: number): string | undefined {
	const problems: string[] = [];
	if (stats.tokenRequests !== tokenRequests) problems.push(`expected ${tokenRequests} token request(s), the sandbox saw ${stats.tokenRequests}`);
	if (stats.unauthorized !== 0) problems.push(`${stats.unauthorized} request(s) were refused with 401`);
	for (const [route, n] of Object.entries(check.routes)) {
		if ((stats.byRoute[route] ?? 0) !== n) problems.push(`expected ${n} ${route} request(s), the sandbox saw ${stats.byRoute[route] ?? 0}`);
	}
	const expectedApi = Object.values(check.routes).reduce((a, b) => a + b, 0);
	if (stats.apiRequests !== expectedApi) problems.push(`expected ${expectedApi} Material request(s) in all, the sandbox saw ${stats.apiRequests}`);
	return problems.length > 0 ? problems.join('; ') : undefined;
}

export function examplesDir(repoRoot: string): string {
	return join(repoRoot, 'examples');
}

/** Every examples/*.json, parsed; fails if a file has no check (so a new example cannot go untested). */
export function loadExamples(repoRoot: string): Array<{ check: ExampleCheck; workflow: WorkflowFile; path: string }> {
	const dir = examplesDir(repoRoot);
	const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
	return files.map((file) => {
		const check = EXAMPLE_CHECKS.find((c) => c.file === file);
		if (!check) throw new Error(`examples/${file} has no entry in scripts/examples.ts (EXAMPLE_CHECKS)`);
		const path = join(dir, file);
		return { check, workflow: JSON.parse(readFileSync(path, 'utf8')) as WorkflowFile, path };
	});
}

/** The first line of the workflow's sticky note, without the markdown heading marks. */
export function describeWorkflow(workflow: WorkflowFile): string {
	const note = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote');
	const content = typeof note?.parameters.content === 'string' ? note.parameters.content : '';
	return content.split('\n')[0].replace(/^#+\s*/, '').trim();
}

/** Masks secrets in anything printed: tokens show their first 4 characters only. */
export function maskToken(value: string): string {
	const bearer = /^(Bearer\s+)(.*)$/i.exec(value);
	if (bearer) return `${bearer[1]}${maskToken(bearer[2])}`;
	return value.length <= 4 ? '…' : `${value.slice(0, 4)}…`;
}

const SECRET_KEYS = /^(access_?token|authorization(header)?|client_?secret|password)$/i;

export function maskSecrets<T>(value: T): T {
	if (Array.isArray(value)) return value.map((v) => maskSecrets(v)) as T;
	if (typeof value !== 'object' || value === null) return value;
	const out: Json = {};
	for (const [k, v] of Object.entries(value as Json)) out[k] = SECRET_KEYS.test(k) && typeof v === 'string' ? maskToken(v) : maskSecrets(v);
	return out as T;
}

/** Replaces every occurrence of the given secrets in a text (the last guard before printing). */
export function scrub(text: string, secrets: Iterable<string>): string {
	let out = text;
	for (const s of secrets) if (s.length >= 6) out = out.split(s).join(maskToken(s));
	return out;
}
