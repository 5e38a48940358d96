/**
 * Running a real n8n (provisioned by scripts/provision.sh) with this package installed: a
 * throw-away user folder, the package packed and installed like a community package, the
 * sandbox credential, and n8n's CLI. Used by scripts/e2e.ts and scripts/n8nPrepare.ts.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

import { BASE_URL_ENV, EXAMPLE_CREDENTIAL } from './examples';

export const REPO = resolve(__dirname, '..', '..');

/** What `node dist/sandbox/cli.js` prints on its first line. */
export interface SandboxInfo {
	origin: string;
	tokenUrl: string;
	baseUrl: string;
	clientId: string;
	clientSecret: string;
}

export function n8nBin(): string {
	const bin = process.env.N8N_BIN;
	if (!bin) throw new Error('N8N_BIN is not set: run through scripts/e2e.sh or scripts/n8n.sh (they source scripts/provision.sh)');
	return bin;
}

/** The environment n8n runs with: no telemetry, no version checks, nothing that needs the internet. */
export function n8nEnv(userFolder: string, sandbox: SandboxInfo, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: process.env.N8N_ENCRYPTION_KEY ?? randomBytes(24).toString('hex'),
		N8N_LOG_LEVEL: 'info',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_PUBLIC_API_DISABLED: 'true',
		// The MCP server registry would fetch its list from api.n8n.io.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Example 01's HTTP Request reads the Material base URL from here.
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		[BASE_URL_ENV]: sandbox.baseUrl,
		...extra,
	};
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/**
 * Packs this package (npm pack: only what package.json's "files" ships) and installs the tarball
 * into <userFolder>/.n8n/nodes, where n8n loads community packages from.
 */
export function installPackage(userFolder: string, log: (line: string) => void): string {
	const packDir = join(userFolder, 'pack');
	mkdirSync(packDir, { recursive: true });
	execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
	const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	log(`installing ${tarball} into ${nodesDir}`);
	// n8n-workflow is a peer dependency that n8n itself provides: not installed here.
	execFileSync('npm', ['install', join(packDir, tarball), '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
		cwd: nodesDir,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	return join(packDir, tarball);
}

/** The sandbox credential in n8n's import format (data in clear; n8n encrypts it on import). */
/** The Campari Open API credential's data, pointed at the sandbox. */
export function sandboxCredentialData(sandbox: SandboxInfo, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		tokenUrl: sandbox.tokenUrl,
		baseUrl: sandbox.baseUrl,
		clientId: sandbox.clientId,
		clientSecret: sandbox.clientSecret,
		scope: '',
		clientAuthentication: 'body',
		ignoreSslIssues: false,
		...overrides,
	};
}

export function credentialFile(path: string, sandbox: SandboxInfo, overrides: Record<string, unknown> = {}): void {
	const credential = {
		id: EXAMPLE_CREDENTIAL.id,
		name: EXAMPLE_CREDENTIAL.name,
		type: EXAMPLE_CREDENTIAL.type,
		data: sandboxCredentialData(sandbox, overrides),
	};
	writeFileSync(path, `${JSON.stringify([credential], null, 2)}\n`);
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

const children = new Set<ChildProcess>();

/** Kills every process group started here (n8n spawns a task runner; the group takes it too). */
export function killAll(signal: NodeJS.Signals = 'SIGTERM'): void {
	for (const child of children) {
		if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-child.pid, signal);
			} catch {
				// already gone
			}
		}
	}
}

/** Starts a process in its own process group, remembered for killAll. */
export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO): ChildProcess {
	const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	children.add(child);
	child.on('exit', () => children.delete(child));
	return child;
}

/** Runs a command to the end (killed after timeoutMs), collecting its output. */
export async function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<CliResult> {
	const began = Date.now();
	const child = startProcess(command, args, env);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
	child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
	const timer = setTimeout(() => {
		stderr += `\n[harness] killed after ${timeoutMs} ms\n`;
		if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
	}, timeoutMs);
	const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
	clearTimeout(timer);
	return { code, stdout, stderr, ms: Date.now() - began };
}

/** Runs the n8n CLI. */
export async function n8n(args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<CliResult> {
	return await run(n8nBin(), args, env, timeoutMs);
}

/**
 * The run JSON that `n8n execute --rawOutput` prints after its log lines. It is indented, so its
 * own lines start with a space or are "{" / "}"; log lines a task runner writes in between are dropped.
 */
export function parseRunOutput(stdout: string): Record<string, unknown> | undefined {
	const lines = stdout.split('\n');
	for (let i = lines.length - 1; i >= 0; i--) {
		if (lines[i] !== '{') continue;
		const json = lines.slice(i).filter((l) => l === '{' || l === '}' || l.startsWith(' '));
		const end = json.lastIndexOf('}');
		try {
			return JSON.parse(json.slice(0, end + 1).join('\n')) as Record<string, unknown>;
		} catch {
			// not the run: keep looking further up
		}
	}
	return undefined;
}

/** Starts the sandbox command and waits for its first line (its URLs). */
export async function startSandbox(port = 0): Promise<{ info: SandboxInfo; child: ChildProcess }> {
	const child = startProcess(process.execPath, [join(REPO, 'dist', 'sandbox', 'cli.js'), '--port', String(port)], process.env);
	const info = await new Promise<SandboxInfo>((done, fail) => {
		let buffer = '';
		const timer = setTimeout(() => fail(new Error('the sandbox did not start within 20 s')), 20_000);
		child.stdout?.on('data', (d: Buffer) => {
			buffer += d.toString('utf8');
			const newline = buffer.indexOf('\n');
			if (newline < 0) return;
			clearTimeout(timer);
			try {
				done(JSON.parse(buffer.slice(0, newline)) as SandboxInfo);
			} catch (error) {
				fail(error as Error);
			}
		});
		child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
		child.on('exit', (code) => fail(new Error(`the sandbox exited with code ${code}`)));
	});
	return { info, child };
}
