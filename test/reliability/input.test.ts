import type { IDataObject, INode } from 'n8n-workflow';

import { CampariSandbox } from '../../sandbox/server';
import { expectNoSecrets, materialIds, type NodeRun, runNode, shown } from './helpers';
import { useSandbox } from '../helpers/sandbox';

/**
 * Bad input in item 2 of 3 (items 0 and 1 are fine): the node must fail before it sends anything
 * (no token request, no API request), naming the field and the item.
 */
describe('reliability: bad input fails before any request, naming the field and the item', () => {
	let sandbox: CampariSandbox;

	useSandbox((s) => (sandbox = s));

	let last: NodeRun | undefined;
	afterEach(() => {
		if (last) expectNoSecrets(last, sandbox);
		last = undefined;
	});

	const expectRefused = (run: NodeRun, field: string, words?: RegExp) => {
		expect(run.items).toBeUndefined();
		expect(run.error?.message).toContain('[item 2]');
		expect(shown(run.error)).toContain(`"${field}"`);
		expect(shown(run.error)).toContain('item 2');
		if (words) expect(run.error?.message).toMatch(words);
		expect(sandbox.stats.apiRequests).toBe(0);
		expect(sandbox.stats.tokenRequests).toBe(0);
		expect(sandbox.state.seen).toHaveLength(0);
	};

	const ok = materialIds(2);
	const getWith = (bad: unknown, options: IDataObject = {}) =>
		runNode(sandbox, { resource: 'material', operation: 'get', materialId: '={{ $json.id }}', options }, { items: [{ id: ok[0] }, { id: ok[1] }, { id: bad }] as IDataObject[] });

	test.each<[string, unknown, RegExp]>([
		['empty', '', /Material ID is empty/],
		['blank', '   ', /Material ID is empty/],
		['null', null, /Material ID is empty/],
		['an object', { nested: 'x' }, /Material ID must be text, not an object/],
		['an array', ['a', 'b'], /Material ID must be text, not an object/],
	])('get: Material ID %s', async (_name, bad, words) => {
		last = await getWith(bad);
		expectRefused(last, 'materialId', words);
	});

	const customWith = (item: IDataObject, parameters: INode['parameters'] = {}) =>
		runNode(
			sandbox,
			{ resource: 'material', operation: 'customRequest', method: 'GET', path: '={{ $json.path }}', options: {}, ...parameters },
			{ items: [{ path: 'materials/types', ...(parameters.sendBody ? { body: '{}' } : {}) }, { path: 'materials/types', ...(parameters.sendBody ? { body: '{}' } : {}) }, { path: 'materials/types', ...item }] },
		);

	test('customRequest: Path empty', async () => {
		last = await customWith({ path: '' });
		expectRefused(last, 'path', /Path is empty/);
	});

	test.each([
		'../token',
		'../../etc/passwd',
		'materials/../../token',
		'%2e%2e/token',
		'%2E%2E/token',
		'.%2e/token',
		'./materials/types',
		'..\\token',
		'materials\\..\\..\\token',
		'.\t./token',
		'.\n./token',
		'http://evil.example/x',
		'https://evil.example/x',
		'HTTP://evil.example/x',
		'//evil.example/x',
		'\\\\evil.example/x',
		'/\\evil.example/x',
		'javascript:alert(1)',
	])('customRequest: a path that tries to leave the base URL: %j', async (path) => {
		last = await customWith({ path });
		expectRefused(last, 'path');
	});

	const headerRun = (name: string, value: string) =>
		customWith({ hname: name, hvalue: value }, { headers: { parameter: [{ name: '={{ $json.hname ?? "x-trace" }}', value: '={{ $json.hvalue ?? "1" }}' }] } });

	test.each<[string, string, string]>([
		['CR LF in a value', 'x-trace', '1\r\nX-Injected: yes'],
		['LF alone in a value', 'x-trace', '1\nX-Injected: yes'],
		['CR alone in a value', 'x-trace', '1\rX-Injected: yes'],
		['NUL in a value', 'x-trace', '1\u0000'],
		['CR LF in a name', 'x-trace\r\nX-Injected', 'yes'],
		['a colon in a name', 'x-trace: 1\r\nX', 'yes'],
		['a space in a name', 'x trace', 'yes'],
	])('customRequest: header injection, %s', async (_name, hname, hvalue) => {
		last = await headerRun(hname, hvalue);
		expectRefused(last, 'headers');
		expect(last.scanText).not.toContain('X-Injected: yes\\r');
	});

	test('customRequest: a header with an empty name', async () => {
		last = await headerRun('', 'x');
		expectRefused(last, 'headers', /empty name/);
	});

	test('customRequest: a query parameter with CR/LF is encoded, not injected', async () => {
		last = await runNode(sandbox, { resource: 'material', operation: 'customRequest', method: 'GET', path: 'materials/types', query: { parameter: [{ name: 'q', value: 'a\r\nX-Injected: yes' }] }, options: {} });
		expect(last.items).toBeDefined();
		const seen = sandbox.seen('material.getTypes')[0];
		expect(seen.query.q).toBe('a\r\nX-Injected: yes');
		expect(seen.headers['x-injected']).toBeUndefined();
	});

	test.each<[string, string, RegExp]>([
		['invalid JSON', '{"CLIENTDATA": ', /Body \(JSON\) is not valid JSON/],
		['empty', '', /Body \(JSON\) is empty/],
	])('customRequest: Body %s', async (_name, body, words) => {
		last = await customWith({ body }, { method: 'POST', sendBody: true, body: '={{ $json.body }}' });
		expectRefused(last, 'body', words);
	});

	test('customRequest: a huge body (20 MB) is refused before sending', async () => {
		const body = JSON.stringify({ CLIENTDATA: { MATL_DESC: 'x'.repeat(20 * 1024 * 1024) } });
		last = await customWith({ body }, { method: 'POST', sendBody: true, body: '={{ $json.body }}' });
		expectRefused(last, 'body', /larger than/);
		expect(last.error?.message.length).toBeLessThan(500);
	});

	test.each<[string, string]>([
		['empty', ''],
		['with a space', 'GET /admin'],
		['with CR LF', 'GET\r\nX-Injected: yes'],
	])('customRequest: a Method %s', async (_name, method) => {
		last = await customWith({ method }, { method: '={{ $json.method ?? "GET" }}' });
		expectRefused(last, 'method');
	});

	test.each<[string, IDataObject, string, RegExp]>([
		['Concurrency not a number', { concurrency: 'many' }, 'options.concurrency', /Concurrency must be a whole number/],
		['Concurrency 0', { concurrency: 0 }, 'options.concurrency', /Concurrency must be a whole number/],
		['Concurrency 1000', { concurrency: 1000 }, 'options.concurrency', /Concurrency must be a whole number/],
		['Timeout negative', { timeout: -1 }, 'options.timeout', /Timeout must be a positive number/],
		['Timeout not a number', { timeout: 'soon' }, 'options.timeout', /Timeout must be a positive number/],
		['Path override leaving the base URL', { path: '../token/{materialId}' }, 'options.path', /must not contain/],
		['Path override to another host', { path: '//evil.example/{materialId}' }, 'options.path', /not a full URL/],
	])('get: Options → %s', async (_name, badOptions, field, words) => {
		// the bad option only on item 2, through an expression
		const options: IDataObject = {};
		for (const [k, v] of Object.entries(badOptions)) options[k] = `={{ $itemIndex === 2 ? ${JSON.stringify(v)} : ${k === 'path' ? '"materials/{materialId}"' : k === 'timeout' ? 30000 : 10} }}`;
		last = await runNode(sandbox, { resource: 'material', operation: 'get', materialId: '={{ $json.id }}', options }, { items: materialIds(3).map((id) => ({ id })) });
		expectRefused(last, field, words);
	});

	test('with Continue On Fail the bad item gets its error and the good ones are sent', async () => {
		last = await runNode(sandbox, { resource: 'material', operation: 'get', materialId: '={{ $json.id }}', options: {} }, { items: [{ id: ok[0] }, { id: '' }, { id: ok[1] }], continueOnFail: true });
		expect(last.items).toHaveLength(3);
		expect(last.items?.[1].json).toMatchObject({ error: 'Material ID is empty [item 1]', itemIndex: 1 });
		expect(sandbox.stats.byRoute['material.get']).toBe(2);
	});
});
