import type { INode } from 'n8n-workflow';

import type { Route } from '../../sandbox/route';
import { CampariSandbox } from '../../sandbox/server';
import { expectNoSecrets, getParams, materialIds, type NodeRun, runNode, shown } from './helpers';
import { useSandbox } from '../helpers/sandbox';

/** A create endpoint of this test's own, counting what reached its handler (the create operation has its own tests below). */
const CREATES = 'reliability.creates';
const createRoute: Route = {
	name: 'reliability.create',
	method: 'POST',
	pattern: /^\/master-data\/reliability-materials$/,
	handle: ({ state, query }) => {
		const n = ((state.store.get(CREATES) as number | undefined) ?? 0) + 1;
		state.store.set(CREATES, n);
		return { status: 201, body: { status: 'Success', materialCode: String(900000 + n).padStart(18, '0'), type: query.get('type') } };
	},
};

/** customRequest POST reliability-materials?type=FERT (the create operation's request, sent raw, to the route above). */
const createParams = (options: Record<string, unknown> = {}): INode['parameters'] => ({
	resource: 'material',
	operation: 'customRequest',
	method: 'POST',
	path: 'reliability-materials',
	query: { parameter: [{ name: 'type', value: 'FERT' }] },
	sendBody: true,
	body: JSON.stringify({ CLIENTDATA: { BASE_UOM: 'BOT', MATL_GROUP: 'SPIRITS', NET_WEIGHT: '1.2' } }),
	options,
});

describe('reliability: Material calls under faults, through the node in WorkflowExecute', () => {
	let sandbox: CampariSandbox;
	const creates = () => (sandbox.state.store.get(CREATES) as number | undefined) ?? 0;

	useSandbox((s) => (sandbox = s), { routes: [createRoute] });
	beforeEach(() => {
		sandbox.state.store.delete(CREATES);
		sandbox.setTokenLifetime(3600);
	});

	let last: NodeRun | undefined;
	afterEach(() => {
		if (last) expectNoSecrets(last, sandbox);
		last = undefined;
	});

	test('token revoked at item 500 of 1,000 (concurrency 20): no failed item, exactly one extra token request', async () => {
		const ids = materialIds(1000);
		sandbox.addFault({ route: 'material.get', skip: 500, action: { type: 'revoke' } });
		last = await runNode(sandbox, getParams({ concurrency: 20 }), { items: ids.map((id) => ({ id })) });
		expect(last.items).toHaveLength(1000);
		expect(last.items?.map((o) => (o.json.MATERIAL_GENERAL_DATA as { MATERIAL: string }).MATERIAL)).toEqual(ids);
		expect(sandbox.stats.tokenRequests).toBe(2);
		// at most the requests in flight when the token was revoked were refused, each retried once
		expect(sandbox.stats.unauthorized).toBeGreaterThanOrEqual(1);
		expect(sandbox.stats.unauthorized).toBeLessThanOrEqual(20);
		expect(sandbox.stats.apiRequests).toBe(1000 + sandbox.stats.unauthorized);
	});

	test('401 on every attempt: a clear error after exactly one refresh, no loop', async () => {
		sandbox.addFault({ route: 'material.get', times: Infinity, action: { type: 'reply', status: 401, headers: { 'x-mashery-error-code': 'ERR_403_NOT_AUTHORIZED' } } });
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }] });
		expect(last.items).toBeUndefined();
		expect(last.error?.message).toMatch(/HTTP 401 not authorized \(the access token was refused, even after a fresh one\) \[ERR_403_NOT_AUTHORIZED\] \[item 0\]/);
		expect(sandbox.stats.tokenRequests).toBe(2);
		expect(sandbox.stats.byRoute['material.get']).toBe(2);
	});

	test('401 on every attempt for 10 items (Continue On Fail): every item fails, each refreshes at most once', async () => {
		sandbox.addFault({ route: 'material.get', times: Infinity, action: { type: 'reply', status: 401 } });
		last = await runNode(sandbox, getParams({ concurrency: 5 }), { items: materialIds(10).map((id) => ({ id })), continueOnFail: true });
		expect(last.items).toHaveLength(10);
		expect(last.items?.every((o) => /HTTP 401/.test(String(o.json.error)))).toBe(true);
		expect(sandbox.stats.byRoute['material.get']).toBe(20);
		expect(sandbox.stats.tokenRequests).toBeLessThanOrEqual(1 + 10);
	});

	test('a 429 storm (the first 30 answers, concurrency 10): retried with backoff, all 50 items succeed', async () => {
		// 10 workers: the first 10 items take 3 refusals each (backoff windows do not overlap), the 4th attempt passes
		sandbox.addFault({ route: 'material.get', times: 30, action: { type: 'reply', status: 429, headers: { 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_QPS' } } });
		last = await runNode(sandbox, getParams({ concurrency: 10 }), { items: materialIds(50).map((id) => ({ id })) });
		expect(last.items).toHaveLength(50);
		expect(sandbox.stats.byRoute['material.get']).toBe(80);
		expect(sandbox.stats.tokenRequests).toBe(1);
	});

	test('a 429 storm that does not end: each item fails after 1 + 3 attempts with a clear error', async () => {
		sandbox.addFault({ route: 'material.get', times: Infinity, action: { type: 'reply', status: 429, headers: { 'x-mashery-error-code': 'ERR_403_DEVELOPER_OVER_RATE' } } });
		const started = Date.now();
		last = await runNode(sandbox, getParams({ concurrency: 5 }), { items: materialIds(5).map((id) => ({ id })), continueOnFail: true });
		expect(last.items).toHaveLength(5);
		last.items?.forEach((o, i) => {
			expect(o.json.error).toMatch(new RegExp(`HTTP 429 rate limited .*still after retrying \\[ERR_403_DEVELOPER_OVER_RATE\\] \\[item ${i}\\]`));
			expect(o.json.description).toContain('X-Mashery-Error-Code: ERR_403_DEVELOPER_OVER_RATE');
			expect(o.json.masheryErrorCode).toBe('ERR_403_DEVELOPER_OVER_RATE');
		});
		expect(sandbox.stats.byRoute['material.get']).toBe(20);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test('503 with Retry-After: 1 is waited for, then the item succeeds', async () => {
		sandbox.addFault({ route: 'material.get', action: { type: 'reply', status: 503, headers: { 'retry-after': '1' } } });
		const started = Date.now();
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }] });
		expect(last.items).toHaveLength(1);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(sandbox.stats.byRoute['material.get']).toBe(2);
	});

	test('503 with a Retry-After beyond the limit (2 minutes) fails at once instead of waiting', async () => {
		sandbox.addFault({ route: 'material.get', times: Infinity, action: { type: 'reply', status: 503, headers: { 'retry-after': '120' } } });
		const started = Date.now();
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true });
		expect(last.items?.[0].json.error).toMatch(/HTTP 503 service unavailable/);
		expect(sandbox.stats.byRoute['material.get']).toBe(1);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	test('connection reset mid-body on a GET: repeated (safe), the item succeeds', async () => {
		sandbox.addFault({ route: 'material.get', action: { type: 'resetAfterHeaders' } });
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }] });
		expect(last.items?.[0].json.MATERIAL_GENERAL_DATA).toBeDefined();
		expect(sandbox.stats.byRoute['material.get']).toBe(2);
	});

	test('connection reset mid-body on every GET attempt: a clear network error after 4 attempts', async () => {
		sandbox.addFault({ route: 'material.get', times: Infinity, action: { type: 'resetAfterHeaders' } });
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true });
		expect(last.items?.[0].json.error).toMatch(/Campari API request failed: (connection reset|connection closed|other side closed|terminated).* \[item 0\]/i);
		expect(sandbox.stats.byRoute['material.get']).toBe(4);
	});

	test('a server slower than Options → Timeout: each attempt is cut at the timeout, then "timed out"', async () => {
		sandbox.addFault({ route: 'material.get', times: Infinity, action: { type: 'delay', ms: 3000 } });
		const started = Date.now();
		last = await runNode(sandbox, getParams({ timeout: 250 }), { items: [{ id: materialIds(1)[0] }], continueOnFail: true });
		const took = Date.now() - started;
		expect(last.items?.[0].json.error).toMatch(/timed out waiting for the answer .*\[item 0\]/);
		expect(sandbox.stats.byRoute['material.get']).toBe(4); // a GET is repeated: 1 + 3
		expect(took).toBeGreaterThanOrEqual(4 * 250);
		// undici's timers tick at about 1 s, so a 250 ms timeout fires after up to ~1 s (see docs/reliability.md)
		expect(took).toBeLessThan(8000);
	});

	test('one slow answer: the repeated GET succeeds', async () => {
		sandbox.addFault({ route: 'material.get', action: { type: 'delay', ms: 2500 } });
		last = await runNode(sandbox, getParams({ timeout: 300 }), { items: [{ id: materialIds(1)[0] }] });
		expect(last.items?.[0].json.MATERIAL_GENERAL_DATA).toBeDefined();
	});

	test('a 20 MB answer is served (below the 64 MB limit), memory stays proportionate', async () => {
		const rows = Array.from({ length: 100_000 }, (_v, i) => ({ MATERIAL: String(i).padStart(18, '0'), MATL_DESC: `Campari Bitter ${i} `.padEnd(170, 'x') }));
		const body = Buffer.from(JSON.stringify({ MATERIAL_GENERAL_DATA: { MATL_DESC: 'big' }, ROWS: rows }));
		expect(body.length).toBeGreaterThan(20e6);
		sandbox.addFault({ route: 'material.get', action: { type: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: body as unknown as object } });
		global.gc?.();
		const before = process.memoryUsage();
		const started = Date.now();
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }] });
		const after = process.memoryUsage();
		expect((last.items?.[0].json.ROWS as unknown[]).length).toBe(100_000);
		expect(Date.now() - started).toBeLessThan(10_000);
		// the parsed answer held in the run, plus the test's own serializations of it
		expect((after.rss - before.rss) / 1e6).toBeLessThan(600);
	});

	test('an answer above the 64 MB limit is refused with a clear error, read once, not repeated', async () => {
		const body = Buffer.alloc(65 * 1024 * 1024 + 1, 0x20);
		body.write('{"a":"', 0);
		sandbox.addFault({ route: 'material.get', times: Infinity, action: { type: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body: body as unknown as object } });
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true });
		expect(last.items?.[0].json.error).toMatch(/the answer is larger than 67108864 bytes for http:\/\/127\.0\.0\.1:\d+\/master-data\/materials\/\d+ \[item 0\]/);
		expect(sandbox.stats.byRoute['material.get']).toBe(1);
	});

	test('a truncated JSON body (HTTP 200): a clear error, not an empty item', async () => {
		sandbox.addFault({ route: 'material.get', action: { type: 'truncate' } });
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true });
		expect(last.items?.[0].json.error).toMatch(/HTTP 200 with a JSON body that could not be read \(truncated or malformed, \d+ bytes\) \[item 0\]/);
	});

	test('HTTP 200 with status "Error": the item fails with the API\'s own message', async () => {
		sandbox.addFault({ route: 'material.get', action: { type: 'reply', status: 200, body: { status: 'Error', messages: [{ type: 'W', message: 'just a warning' }, { type: 'E', message: 'Material locked by user SAPX' }] } } });
		last = await runNode(sandbox, getParams(), { items: [{ id: materialIds(1)[0] }], continueOnFail: true });
		const json = last.items?.[0].json;
		expect(json?.error).toMatch(/HTTP 200 the API answered HTTP 200 but its body reports an error: Material locked by user SAPX \[item 0\]/);
		expect(json?.error).not.toContain('just a warning');
	});

	test('create (POST) whose connection drops after the server handled it is not sent twice', async () => {
		sandbox.addFault({ route: 'reliability.create', action: { type: 'handleThenReset' } });
		last = await runNode(sandbox, createParams(), { items: [{}], continueOnFail: true });
		expect(creates()).toBe(1);
		expect(sandbox.stats.byRoute['reliability.create']).toBe(1);
		expect(last.items?.[0].json.error).toMatch(/Campari API request failed: .* \[item 0\]/);
		expect(last.items?.[0].json.description).toContain('may have reached the server, so it was not repeated');
		expect(sandbox.seen('reliability.create')[0].query).toEqual({ type: 'FERT' });
	});

	/** The create operation (nodes/CampariMaterial/resources/material/create.ts) against the sandbox's material.create. */
	const createOperation = (options: Record<string, unknown> = {}): INode['parameters'] => ({
		resource: 'material',
		operation: 'create',
		materialType: 'FERT',
		dataMode: 'map',
		clientData: { BASE_UOM: 'BOT', MATL_GROUP: 'SPIRITS', NET_WEIGHT: 1.2 },
		options,
	});
	const created = () => (sandbox.state.store.get('materials.created') as number | undefined) ?? 0;

	test('the create operation: a connection dropped after the server handled it is not sent twice', async () => {
		const before = created();
		sandbox.addFault({ route: 'material.create', action: { type: 'handleThenReset' } });
		last = await runNode(sandbox, createOperation(), { items: [{}], continueOnFail: true });
		expect(created() - before).toBe(1);
		expect(sandbox.stats.byRoute['material.create']).toBe(1);
		expect(sandbox.seen('material.create')[0].query).toEqual({ type: 'FERT' });
		expect(last.items?.[0].json.error).toMatch(/Campari API request failed: .* \[item 0\]/);
		expect(last.items?.[0].json.description).toContain('may have reached the server, so it was not repeated');
	});

	test('the create operation: a timeout is not sent twice; without faults it creates', async () => {
		sandbox.addFault({ route: 'material.create', action: { type: 'delay', ms: 2500 } });
		last = await runNode(sandbox, createOperation({ timeout: 200 }), { items: [{}], continueOnFail: true });
		expect(last.items?.[0].json.error).toMatch(/timed out waiting for the answer/);
		expect(sandbox.stats.byRoute['material.create']).toBe(1);
		const ok = await runNode(sandbox, createOperation(), { items: [{}] });
		expectNoSecrets(ok, sandbox);
		expect(JSON.stringify(ok.items?.[0].json)).toContain('Success');
		expect(sandbox.stats.byRoute['material.create']).toBe(2);
	});

	test('create (POST) that times out is not sent twice', async () => {
		// well beyond the timeout: undici's timers tick at about 1 s
		sandbox.addFault({ route: 'reliability.create', action: { type: 'delay', ms: 2500 } });
		last = await runNode(sandbox, createParams({ timeout: 200 }), { items: [{}], continueOnFail: true });
		expect(last.items?.[0].json.error).toMatch(/timed out waiting for the answer/);
		expect(sandbox.stats.byRoute['reliability.create']).toBe(1);
	});

	test('create (POST) reset mid-body is not repeated; 503 (refused before any work) is', async () => {
		sandbox.addFault({ route: 'reliability.create', action: { type: 'resetAfterHeaders' } });
		const reset = await runNode(sandbox, createParams(), { items: [{}], continueOnFail: true });
		expectNoSecrets(reset, sandbox);
		expect(reset.items?.[0].json.error).toBeDefined();
		expect(sandbox.stats.byRoute['reliability.create']).toBe(1);
		sandbox.resetCounters();
		sandbox.addFault({ route: 'reliability.create', action: { type: 'reply', status: 503, headers: { 'retry-after': '0' } } });
		last = await runNode(sandbox, createParams(), { items: [{}] });
		expect(last.items?.[0].json).toMatchObject({ status: 'Success', type: 'FERT' });
		expect(sandbox.stats.byRoute['reliability.create']).toBe(2);
		expect(creates()).toBe(1);
	});

	test('create (POST) answered 502: not repeated (the gateway may have forwarded it)', async () => {
		sandbox.addFault({ route: 'reliability.create', action: { type: 'reply', status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' } });
		last = await runNode(sandbox, createParams(), { items: [{}], continueOnFail: true });
		expect(shown({ message: String(last.items?.[0].json.error) })).toMatch(/HTTP 502 bad gateway \[item 0\]/);
		expect(sandbox.stats.byRoute['reliability.create']).toBe(1);
	});
});
