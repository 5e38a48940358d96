/**
 * The end-to-end check against a real n8n (run by scripts/e2e.sh after scripts/provision.sh):
 * the package packed and installed as a community package, every example imported and executed
 * with `n8n execute` against the sandbox, the credential's Test through n8n's REST API, and n8n's
 * HTTP Request node refreshing a revoked token through this credential. Exits 1 on any failure.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { BASE_URL_ENV, EXAMPLE_CREDENTIAL, type Json, type Stats, checkStats, loadExamples, scrub } from './examples';
import { REPO, type SandboxInfo, credentialFile, freePort, installPackage, killAll, n8n, n8nEnv, parseRunOutput, sandboxCredentialData, startProcess, startSandbox } from './n8nHarness';

const began = Date.now();
const secrets: string[] = [];
const say = (line: string) => process.stdout.write(`${scrub(line, secrets)}\n`);
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(0)}s`;

let failures = 0;
function verdict(name: string, problem: string | undefined, detail = ''): void {
	if (problem) {
		failures++;
		say(`  ✗ ${name}: ${problem}`);
	} else {
		say(`  ✓ ${name}${detail ? ` (${detail})` : ''}`);
	}
}

async function control(sandbox: SandboxInfo, path: string, body?: unknown): Promise<Json> {
	const res = await fetch(`${sandbox.origin}/_sandbox/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!res.ok) throw new Error(`sandbox control ${path}: HTTP ${res.status}`);
	return (await res.json()) as Json;
}
const stats = async (sandbox: SandboxInfo) => (await control(sandbox, 'stats')) as unknown as Stats;

type RunJson = { data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Json }>> }; error?: { message?: string } }>>; error?: { message?: string; description?: string } } } };

/** Items of a node's last run in an `n8n execute` result. */
function outputOf(runJson: RunJson, node: string): Json[] {
	const runs = runJson.data?.resultData?.runData?.[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run`);
	const last = runs[runs.length - 1];
	if (last.error) throw new Error(`node "${node}" failed: ${last.error.message}`);
	return (last.data?.main?.[0] ?? []).map((i) => i.json);
}

/** The lines of n8n's output that explain a failure (its errors and warnings), shortened. */
function explain(stdout: string, stderr: string): string {
	const noise = /Python task runner|Legacy aes-256-cbc|^\s*"/;
	const lines = `${stdout}\n${stderr}`.split('\n').filter((l) => /error|warn|unrecognized|not found|cannot|failed|problem/i.test(l) && !noise.test(l));
	return lines.slice(0, 12).map((l) => `      | ${l.slice(0, 300)}`).join('\n');
}

async function executeWorkflow(env: NodeJS.ProcessEnv, id: string): Promise<{ runJson?: RunJson; problem?: string; ms: number }> {
	const result = await n8n(['execute', `--id=${id}`, '--rawOutput'], env);
	writeFileSync(join(env.N8N_USER_FOLDER as string, `execute-${id}.log`), `${result.stdout}\n--- stderr ---\n${result.stderr}`);
	const runJson = parseRunOutput(result.stdout) as RunJson | undefined;
	const error = runJson?.data?.resultData?.error;
	if (result.code !== 0 || !runJson || error) {
		const why = error ? `${error.message ?? ''}${error.description ? ` — ${error.description}` : ''}` : `n8n execute exited with code ${result.code}`;
		return { runJson, problem: `${why}\n${explain(result.stdout, result.stderr)}`, ms: result.ms };
	}
	return { runJson, ms: result.ms };
}

/** n8n's REST API as the editor uses it: a cookie and the browser-id header the auth cookie is bound to. */
class N8nRest {
	private cookie = '';
	constructor(private readonly base: string) {}

	async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
		const res = await fetch(`${this.base}/rest/${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': 'campari-e2e', ...(this.cookie ? { cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.get('set-cookie');
		const auth = setCookie ? /n8n-auth=[^;]+/.exec(setCookie) : null;
		if (auth) this.cookie = auth[0];
		const text = await res.text();
		let json: Json = {};
		try {
			json = JSON.parse(text) as Json;
		} catch {
			json = { text };
		}
		return { status: res.status, json };
	}
}

async function waitForN8n(base: string, child: ReturnType<typeof startProcess>, log: () => string): Promise<void> {
	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n start exited with code ${child.exitCode}\n${explain(log(), '')}`);
		try {
			const res = await fetch(`${base}/healthz/readiness`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error('n8n did not become ready within 180 s');
}

async function credentialTestInN8n(env: NodeJS.ProcessEnv, sandbox: SandboxInfo, credentialData: Json): Promise<void> {
	const port = Number(env.N8N_PORT);
	const base = `http://127.0.0.1:${port}`;
	let log = '';
	const child = startProcess(process.env.N8N_BIN as string, ['start'], env);
	child.stdout?.on('data', (d: Buffer) => (log += d.toString('utf8')));
	child.stderr?.on('data', (d: Buffer) => (log += d.toString('utf8')));
	try {
		const t0 = Date.now();
		await waitForN8n(base, child, () => log);
		say(`  n8n start: ready at ${base} in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
		const rest = new N8nRest(base);
		const owner = { email: 'e2e-owner@n8n-nodes-campari.test', firstName: 'E2E', lastName: 'Owner', password: `E2e-${Date.now()}-Pw` };
		const setup = await rest.call('POST', 'owner/setup', owner);
		verdict('owner set up through POST /rest/owner/setup', setup.status === 200 ? undefined : `HTTP ${setup.status} ${JSON.stringify(setup.json).slice(0, 300)}`);
		const login = await rest.call('POST', 'login', { emailOrLdapLoginId: owner.email, password: owner.password });
		verdict('logged in through POST /rest/login', login.status === 200 ? undefined : `HTTP ${login.status} ${JSON.stringify(login.json).slice(0, 300)}`);

		const credentials = (secret?: string) => ({ credentials: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name, type: EXAMPLE_CREDENTIAL.type, data: secret === undefined ? credentialData : { ...credentialData, clientSecret: secret } } });
		const before = await stats(sandbox);
		const ok = await rest.call('POST', 'credentials/test', credentials());
		const after = await stats(sandbox);
		const okData = (ok.json.data ?? {}) as Json;
		const tokenDelta = after.tokenRequests - before.tokenRequests;
		verdict(
			'credential Test in n8n (POST /rest/credentials/test) obtains a token',
			ok.status !== 200 ? `HTTP ${ok.status} ${JSON.stringify(ok.json).slice(0, 300)}` : okData.status !== 'OK' ? `status ${String(okData.status)}: ${String(okData.message)}` : tokenDelta < 1 ? 'the sandbox saw no token request' : undefined,
			`status OK, ${tokenDelta} token request(s) at the sandbox`,
		);
		const wrong = await rest.call('POST', 'credentials/test', credentials('not-the-secret'));
		const wrongData = (wrong.json.data ?? {}) as Json;
		const message = String(wrongData.message ?? '');
		verdict(
			'credential Test with a wrong secret fails and names the problem',
			wrong.status !== 200 ? `HTTP ${wrong.status}` : wrongData.status === 'OK' ? 'the test passed with a wrong secret' : !/invalid_client|client secret|client id/i.test(message) ? `the message does not name the problem: "${message}"` : undefined,
			`"${message.slice(0, 160)}"`,
		);
	} finally {
		if (child.pid !== undefined && child.exitCode === null) {
			process.kill(-child.pid, 'SIGTERM');
			const exited = await Promise.race([new Promise((r) => child.on('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 20_000))]);
			if (!exited) process.kill(-child.pid, 'SIGKILL');
		}
	}
}

async function main(): Promise<number> {
	const runRoot = join(REPO, '.n8n-run');
	mkdirSync(runRoot, { recursive: true });
	const folder = mkdtempSync(join(runRoot, 'e2e-'));
	const version = await n8n(['--version'], process.env, 60_000);
	const node24 = process.env.NODE24_BIN ? execFileSync(join(process.env.NODE24_BIN, 'node'), ['--version']).toString().trim() : process.version;
	say(`== e2e: n8n ${version.stdout.trim().split('\n').pop()} on Node ${node24} (provisioned by scripts/provision.sh); user folder ${folder}`);

	const { info: sandbox } = await startSandbox(0);
	secrets.push(sandbox.clientSecret);
	say(`== sandbox at ${sandbox.origin}`);

	const env = n8nEnv(folder, sandbox, { N8N_PORT: String(await freePort()), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	say(`== package: npm pack + npm install into ${join(folder, '.n8n', 'nodes')}`);
	installPackage(folder, (l) => say(`  ${l}`));

	// Import: the credential, the examples and the e2e's own workflow.
	const credPath = join(folder, 'credentials.json');
	credentialFile(credPath, sandbox);
	const workflowsDir = join(folder, 'workflows');
	mkdirSync(workflowsDir);
	const examples = loadExamples(REPO);
	for (const { path } of examples) copyFileSync(path, join(workflowsDir, path.split('/').pop() as string));
	const e2eDir = join(REPO, 'scripts', 'e2e-workflows');
	for (const f of readdirSync(e2eDir).filter((x) => x.endsWith('.json'))) copyFileSync(join(e2eDir, f), join(workflowsDir, f));
	say('== import');
	const importCred = await n8n(['import:credentials', `--input=${credPath}`], env);
	verdict('n8n import:credentials', importCred.code === 0 ? undefined : `exit ${importCred.code}\n${explain(importCred.stdout, importCred.stderr)}`, `${(importCred.ms / 1000).toFixed(0)}s`);
	const importWf = await n8n(['import:workflow', '--separate', `--input=${workflowsDir}`], env);
	verdict('n8n import:workflow --separate', importWf.code === 0 ? undefined : `exit ${importWf.code}\n${explain(importWf.stdout, importWf.stderr)}`, `${(importWf.ms / 1000).toFixed(0)}s`);
	if (failures > 0) return 1;

	say('== examples through n8n execute');
	for (const { check, workflow } of examples) {
		await control(sandbox, 'reset', {});
		const { runJson, problem, ms } = await executeWorkflow(env, workflow.id);
		let wrong = problem;
		let detail = '';
		if (!wrong && runJson) {
			try {
				const items = outputOf(runJson, check.resultNode);
				const s = await stats(sandbox);
				wrong = check.check(items, (node) => outputOf(runJson, node)) ?? checkStats(check, s, 1);
				detail = `${items.length} item(s) from "${check.resultNode}", ${s.tokenRequests} token request(s), ${s.apiRequests} Material request(s), ${(ms / 1000).toFixed(0)}s`;
			} catch (error) {
				wrong = (error as Error).message;
			}
		}
		verdict(`${check.file}: ${workflow.name}`, wrong, detail);
		if (wrong && /Failed to load package|Unrecognized (node|credential) type/.test(wrong)) {
			say('== n8n did not load the package (see above): the other checks cannot pass, stopping here');
			say(`   n8n user folder kept for inspection: ${folder}`);
			return 1;
		}
	}

	say('== HTTP Request node with the credential as its predefined type, token revoked mid-run');
	{
		await control(sandbox, 'reset', {});
		// The third request revokes every token first, then gets its 401.
		await control(sandbox, 'faults', { route: 'material.getTypes', skip: 2, action: { type: 'revoke' } });
		const { runJson, problem, ms } = await executeWorkflow(env, 'campariE2eRefresh');
		let wrong = problem;
		let detail = '';
		if (!wrong && runJson) {
			try {
				const items = outputOf(runJson, 'Material types via HTTP Request');
				const s = await stats(sandbox);
				const bad = items.filter((i) => !Array.isArray((i.materials as Json | undefined)?.types));
				if (items.length !== 5 || bad.length > 0) wrong = `expected 5 items with material types, got ${items.length} (${bad.length} without): ${JSON.stringify(items).slice(0, 300)}`;
				// HTTP Request sends its items concurrently: every request in flight with the revoked
				// token gets a 401, and all of them share the one new token (single flight).
				else if (s.unauthorized < 1) wrong = 'the sandbox refused nothing: the revocation did not happen';
				else if (s.tokenRequests !== 2) wrong = `expected 2 token requests (the first token, then one fresh token for all the 401s), got ${s.tokenRequests}`;
				else if ((s.byRoute['material.getTypes'] ?? 0) !== 5 + s.unauthorized) wrong = `expected ${5 + s.unauthorized} requests (5 and a retry per 401), got ${s.byRoute['material.getTypes'] ?? 0}`;
				detail = `5 items; ${s.unauthorized}×401 after the revocation, then one fresh token: ${s.tokenRequests} token requests, ${s.byRoute['material.getTypes']} requests, ${(ms / 1000).toFixed(0)}s`;
			} catch (error) {
				wrong = (error as Error).message;
			}
		}
		if (wrong) {
			const seen = (await (await fetch(`${sandbox.origin}/_sandbox/seen`)).json()) as Array<{ route: string; headers: Record<string, string> }>;
			say(`      sandbox saw: ${seen.map((r) => `${r.route}${r.headers.authorization ? ` ${r.headers.authorization.slice(7, 11)}…` : ''}`).join(', ')}`);
		}
		verdict('no item failed after the revocation; one new token', wrong, detail);
	}

	say('== the credential\'s Test inside n8n (n8n start + REST API)');
	await credentialTestInN8n(env, sandbox, sandboxCredentialData(sandbox) as Json);

	say(`== ${failures === 0 ? 'e2e passed' : `e2e FAILED: ${failures} check(s)`} in ${elapsed()} (${BASE_URL_ENV}=${sandbox.baseUrl})`);
	if (failures === 0 && process.env.CAMPARI_E2E_KEEP !== '1') rmSync(folder, { recursive: true, force: true });
	else say(`   n8n user folder kept for inspection: ${folder}`);
	return failures === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		killAll('SIGTERM');
		process.exit(130);
	});
}

main().then(
	(code) => {
		killAll('SIGTERM');
		process.exit(code);
	},
	(error: Error) => {
		process.stderr.write(`e2e failed: ${scrub(error.stack ?? error.message, secrets)}\n`);
		killAll('SIGTERM');
		process.exit(1);
	},
);
