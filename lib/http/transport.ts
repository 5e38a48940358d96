import { Agent, EnvHttpProxyAgent, type Dispatcher, request as undiciRequest } from 'undici';

import { TransportError, safeUrl, toTransportError } from './errors';

export interface HttpRequest {
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	/** Time to wait for the answer's headers, and then between chunks of its body. */
	timeoutMs?: number;
	/** Answers above this many bytes fail with RESPONSE_TOO_LARGE instead of filling memory. */
	maxResponseBytes?: number;
	signal?: AbortSignal;
}

export interface HttpResponse {
	status: number;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string>;
	body: Buffer;
}

export interface TransportOptions {
	/** TLS verification is on unless this is explicitly true. */
	allowUnauthorizedCerts?: boolean;
	/** Upper bound of kept-alive connections per origin. */
	connections?: number;
	connectTimeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * The per-origin cap of a pool. The node sizes its pool to its Concurrency: undici opens a new
 * connection when a finished one has not yet drained, so a larger cap would open more sockets.
 */
export const DEFAULT_CONNECTIONS = 16;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function proxyConfigured(): boolean {
	const env = process.env;
	return Boolean(env.HTTP_PROXY || env.http_proxy || env.HTTPS_PROXY || env.https_proxy);
}

/**
 * One undici dispatcher: a keep-alive pool per origin with a bounded number of connections.
 * HTTP(S)_PROXY and NO_PROXY are honoured through undici's EnvHttpProxyAgent.
 */
export class Transport {
	private readonly dispatcher: Dispatcher;

	constructor(options: TransportOptions = {}) {
		const rejectUnauthorized = options.allowUnauthorizedCerts !== true;
		const agentOptions = {
			connections: options.connections ?? DEFAULT_CONNECTIONS,
			keepAliveTimeout: 30_000,
			keepAliveMaxTimeout: 600_000,
			connect: { timeout: options.connectTimeoutMs ?? 10_000, rejectUnauthorized },
			// Through a proxy, the target's TLS is configured here (connect is for the proxy).
			requestTls: { rejectUnauthorized },
		};
		this.dispatcher = proxyConfigured() ? new EnvHttpProxyAgent(agentOptions) : new Agent(agentOptions);
	}

	async request(req: HttpRequest): Promise<HttpResponse> {
		const timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		const limit = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
		let res: Dispatcher.ResponseData;
		try {
			res = await undiciRequest(req.url, {
				dispatcher: this.dispatcher,
				method: req.method as Dispatcher.HttpMethod,
				headers: req.headers,
				body: req.body,
				headersTimeout: timeout,
				bodyTimeout: timeout,
				signal: req.signal,
			});
		} catch (error) {
			throw toTransportError(error, req.url);
		}
		const chunks: Buffer[] = [];
		let size = 0;
		try {
			for await (const chunk of res.body) {
				size += (chunk as Buffer).length;
				if (size > limit) {
					res.body.destroy();
					throw new TransportError(
						`the answer is larger than ${limit} bytes for ${safeUrl(req.url)}`,
						'RESPONSE_TOO_LARGE',
						req.url,
						true,
					);
				}
				chunks.push(chunk as Buffer);
			}
		} catch (error) {
			throw toTransportError(error, req.url);
		}
		return { status: res.statusCode, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks) };
	}

	async close(): Promise<void> {
		await this.dispatcher.close();
	}
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

const shared = new Map<string, Transport>();

/** The process-wide transport for these options, so every item, node and run reuses the same pools. */
export function getTransport(options: Pick<TransportOptions, 'allowUnauthorizedCerts' | 'connections'> = {}): Transport {
	const connections = options.connections ?? DEFAULT_CONNECTIONS;
	const key = `${options.allowUnauthorizedCerts === true ? 'insecure' : 'verified'}/${connections}`;
	let transport = shared.get(key);
	if (!transport) {
		transport = new Transport({ allowUnauthorizedCerts: options.allowUnauthorizedCerts === true, connections });
		shared.set(key, transport);
	}
	return transport;
}

/** Closes every shared pool (tests and scripts that want the process to exit promptly). */
export async function closeAllTransports(): Promise<void> {
	const all = [...shared.values()];
	shared.clear();
	await Promise.all(all.map((t) => t.close()));
}
