import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import type { Route, RouteContext } from './route';
import { controlRoutes } from './routes/control';
import { materialRoutes } from './routes/materials';
import { soapRoutes } from './routes/soap';
import { tokenRoutes } from './routes/token';
import { type Fault, type Reply, SandboxState, newStats } from './state';

export interface SandboxOptions {
	port?: number;
	host?: string;
	/** Serve HTTPS with this key and certificate (see tls.ts for a self-signed one). */
	tls?: { key: string; cert: string };
	tokenLifetimeS?: number | null;
	/** Client id → secret. Defaults to the demo client. */
	clients?: Record<string, string>;
	/** Extra routes (tests); the built-in ones are always there. */
	routes?: Route[];
	/** Ask Node to close idle keep-alive sockets after this long (ms). */
	keepAliveTimeoutMs?: number;
}

export const DEMO_CLIENT_ID = 'sandbox-client';
export const DEMO_CLIENT_SECRET = 'sandbox-secret';
export const API_BASE_PATH = '/master-data';

/** Every route module of the emulator; the first route whose pattern and method match answers. */
const builtinRoutes: Route[][] = [tokenRoutes, controlRoutes, materialRoutes, soapRoutes];

function send(res: http.ServerResponse, reply: Reply): void {
	const headers: Record<string, string> = { ...(reply.headers ?? {}) };
	let body: Buffer;
	if (reply.body === undefined) body = Buffer.alloc(0);
	else if (Buffer.isBuffer(reply.body)) body = reply.body;
	else if (typeof reply.body === 'string') body = Buffer.from(reply.body);
	else {
		body = Buffer.from(JSON.stringify(reply.body));
		headers['content-type'] ??= 'application/json';
	}
	headers['content-length'] = String(body.length);
	res.writeHead(reply.status, headers);
	res.end(body);
}

/**
 * The local Campari emulator: Mashery's token endpoint and the Material APIs over real loopback
 * HTTP or HTTPS, with counters, revocation and fault injection for tests, demo and benchmark.
 */
export class CampariSandbox {
	readonly state: SandboxState;
	private readonly server: http.Server | https.Server;
	private readonly sockets = new Set<Socket>();
	private readonly routes: Route[];
	origin = '';

	private constructor(options: SandboxOptions) {
		this.state = new SandboxState(options.host ?? '127.0.0.1');
		if (options.tokenLifetimeS !== undefined) this.state.knobs.tokenLifetimeS = options.tokenLifetimeS;
		for (const [id, secret] of Object.entries(options.clients ?? { [DEMO_CLIENT_ID]: DEMO_CLIENT_SECRET })) {
			this.state.clients.set(id, { secret, active: true });
		}
		this.routes = [...(options.routes ?? []), ...builtinRoutes.flat()];
		const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
		this.server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
		this.server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 30_000;
		this.server.on('connection', (socket: Socket) => {
			this.state.stats.connections++;
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server.on('secureConnection', () => this.state.stats.tlsConnections++);
	}

	static async start(options: SandboxOptions = {}): Promise<CampariSandbox> {
		const sandbox = new CampariSandbox(options);
		await new Promise<void>((resolve, reject) => {
			sandbox.server.once('error', reject);
			sandbox.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
		});
		const { port } = sandbox.server.address() as AddressInfo;
		sandbox.origin = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`;
		return sandbox;
	}

	get tokenUrl(): string {
		return `${this.origin}${API_BASE_PATH}/token`;
	}

	get baseUrl(): string {
		return `${this.origin}${API_BASE_PATH}`;
	}

	get stats() {
		return this.state.stats;
	}

	/** Requests seen on a route (or on every API route). */
	seen(route?: string) {
		return this.state.seen.filter((s) => (route === undefined ? s.route !== 'token' && !s.route.startsWith('control') : s.route === route));
	}

	addClient(id: string, secret: string, active = true): void {
		this.state.clients.set(id, { secret, active });
	}

	addFault(fault: Fault): void {
		this.state.faults.push(fault);
	}

	revokeTokens(token?: string): number {
		return this.state.revoke(token);
	}

	setTokenLifetime(seconds: number | null): void {
		this.state.knobs.tokenLifetimeS = seconds;
	}

	/** Counters, seen requests, faults and tokens back to zero (clients and data stay). */
	resetCounters(): void {
		this.state.stats = newStats();
		this.state.seen = [];
		this.state.faults = [];
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const method = (req.method ?? 'GET').toUpperCase();
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;

		let route: Route | undefined;
		let params: string[] = [];
		const pathMatches: Route[] = [];
		for (const r of this.routes) {
			const m = r.pattern.exec(url.pathname);
			if (!m) continue;
			pathMatches.push(r);
			if (r.method === method || r.method === '*') {
				route = r;
				params = m.slice(1).map((p) => (p === undefined ? '' : decodeURIComponent(p)));
				break;
			}
		}
		const name = route?.name ?? (pathMatches.length > 0 ? 'method-not-allowed' : 'not-found');
		const state = this.state;
		const isControl = name.startsWith('control');
		if (!isControl) {
			state.stats.byRoute[name] = (state.stats.byRoute[name] ?? 0) + 1;
			if (name !== 'token') state.stats.apiRequests++;
			state.record({ route: name, method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, at: Date.now() });
		}

		const fault = isControl ? undefined : state.takeFault(name);
		// A delay stands for the time the gateway works on a request it has already authorized.
		if (fault && fault.action.type !== 'delay') {
			const done = await this.applyFault(fault, res);
			if (done) return;
		}

		if (!route) {
			send(res, pathMatches.length > 0 ? { status: 405, body: { error: 'method_not_allowed' } } : { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>404 Not Found</h1></body></html>' });
			return;
		}
		if (route.auth !== false) {
			const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
			const verdict = bearer ? state.checkToken(bearer[1]) : headers.authorization ? 'wrong-type' : 'missing';
			if (verdict !== 'ok') {
				state.stats.unauthorized++;
				const replyHeaders: Record<string, string> =
					verdict === 'wrong-type'
						? { 'www-authenticate': `Bearer realm="${state.host}", error="invalid_request"` }
						: { 'x-mashery-error-code': 'ERR_403_NOT_AUTHORIZED', 'www-authenticate': `Bearer realm="${state.host}"` };
				send(res, { status: 401, headers: replyHeaders, body: '' });
				return;
			}
		}
		if (fault?.action.type === 'delay') await this.applyFault(fault, res);
		const ctx: RouteContext = { state, method, path: url.pathname, params, query: url.searchParams, headers, body };
		let reply: Reply;
		try {
			reply = await route.handle(ctx);
		} catch (error) {
			reply = { status: 500, body: { error: 'sandbox_error', message: String((error as Error).message) } };
		}
		if (fault?.action.type === 'handleThenReset') {
			res.socket?.destroy();
			return;
		}
		send(res, reply);
	}

	/** Applies a fault; true when the request is finished (answered or killed). */
	private async applyFault(fault: Fault, res: http.ServerResponse): Promise<boolean> {
		const action = fault.action;
		switch (action.type) {
			case 'reply':
				send(res, { status: action.status, headers: action.headers, body: action.body });
				return true;
			case 'delay':
				await new Promise((r) => setTimeout(r, action.ms));
				return false;
			case 'hang':
				return true; // never answers; the client's timeout must fire
			case 'reset':
				res.socket?.destroy();
				return true;
			case 'resetAfterHeaders':
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
				res.write('{"MATERIAL_GENERAL_DATA":{"MATL_DESC":"');
				setTimeout(() => res.socket?.destroy(), 20);
				return true;
			case 'truncate':
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"MATERIAL_GENERAL_DATA":{"MATL_DESC":"Campari Bitter 1L","MATL_TY');
				return true;
			case 'handleThenReset':
				return false;
			case 'revoke':
				this.state.revoke();
				return false;
		}
	}
}
