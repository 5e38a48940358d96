import { DEFAULT_RETRY, isIdempotent, type RetryPolicy, sendWithRetry } from '../http/retry';
import { getTransport, type HttpResponse, type Transport } from '../http/transport';
import { sharedTokenEngine, type TokenClientConfig, type TokenEngine } from '../token';
import type { CampariConnection } from './connection';
import { CampariApiError, CampariInputError, readApiFailure, redactSecret } from './errors';
import { buildUrl, checkHeaders } from './url';

/** A request as an operation describes it: no I/O, no token, no base URL. */
export interface ApiRequest {
	method: string;
	/** Relative to the credential's base URL. */
	path: string;
	query?: Record<string, string | undefined>;
	headers?: Record<string, string>;
	/** Sent as JSON. */
	json?: unknown;
	/** Sent as is, with its content type (SOAP envelopes). */
	raw?: { body: string; contentType: string };
	/** How to read the answer: JSON when it parses (default), or always as text (SOAP). */
	responseType?: 'json' | 'text';
	/** The field the path came from, for error messages (e.g. "path" of a custom request). */
	pathField?: string;
	/** Per attempt; defaults to the client's. */
	timeoutMs?: number;
	/** Whether sending twice is harmless (a read over POST, as SOAP reads are); defaults to the method's idempotency. */
	repeatable?: boolean;
	/**
	 * Reads the answer instead of the JSON/text default (SOAP: parse, faults); may throw a
	 * CampariApiError. What it returns is still checked by status and body like any answer.
	 */
	readBody?: (answer: { status: number; headers: Record<string, string>; text: string }) => unknown;
}

export interface ApiResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

/** Request bodies above this are refused before anything is sent (n8n's own default payload limit is 16 MB). */
export const DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface ClientOptions {
	timeoutMs?: number;
	maxResponseBytes?: number;
	maxRequestBytes?: number;
	maxRetries?: number;
	/** Pool size per origin: the node passes its concurrency, so connections never exceed it. */
	connections?: number;
	engine?: TokenEngine;
	transport?: Transport;
	retry?: Partial<RetryPolicy>;
}

function parseBody(res: HttpResponse, responseType: 'json' | 'text'): unknown {
	const text = res.body.toString('utf8');
	if (responseType === 'text') return text;
	if (text.trim() === '') return {};
	const type = res.headers['content-type'] ?? '';
	if (/json/i.test(type) || /^\s*[[{]/.test(text)) {
		try {
			return JSON.parse(text);
		} catch {
			if (res.status >= 200 && res.status < 300) {
				const summary = `Campari API: HTTP ${res.status} with a JSON body that could not be read (truncated or malformed, ${res.body.length} bytes)`;
				throw new CampariApiError({ status: res.status, headers: res.headers, body: undefined, summary });
			}
		}
	}
	return text;
}

interface PreparedRequest {
	url: string;
	headers: Record<string, string>;
	body?: string;
}

/**
 * Sends Material requests with the token attached: gets the token from the shared engine, retries
 * 429/503 (and 502/504 and network failures where repeating is safe), replaces the token once on a
 * 401, and reads failures into CampariApiError.
 */
export class CampariClient {
	private readonly engine: TokenEngine;
	private readonly transport: Transport;
	private readonly prepared = new WeakMap<ApiRequest, PreparedRequest>();
	private readonly tokenConfig: TokenClientConfig;

	constructor(
		private readonly connection: CampariConnection,
		private readonly options: ClientOptions = {},
	) {
		this.engine = options.engine ?? sharedTokenEngine;
		this.transport = options.transport ?? getTransport({ allowUnauthorizedCerts: connection.allowUnauthorizedCerts, connections: options.connections });
		// Token requests share this pool (and the engine's cache, which ignores the transport).
		this.tokenConfig = { ...connection.token, transport: this.transport };
	}

	/**
	 * Builds and checks the URL, headers and body: throws CampariInputError before anything is sent.
	 * The result is kept, so the check pass and send() build each request once.
	 */
	prepare(req: ApiRequest): PreparedRequest {
		let prepared = this.prepared.get(req);
		if (!prepared) {
			prepared = this.build(req);
			this.prepared.set(req, prepared);
		}
		return prepared;
	}

	private build(req: ApiRequest): PreparedRequest {
		if (!/^[A-Za-z]+$/.test(req.method)) throw new CampariInputError('method', req.method.trim() === '' ? 'The method is empty' : `The method ${JSON.stringify(req.method.slice(0, 20))} is not an HTTP method`);
		const url = buildUrl(this.connection.baseUrl, req.path, req.query, req.pathField);
		const headers: Record<string, string> = { accept: req.responseType === 'text' ? 'text/xml, application/xml, */*' : 'application/json' };
		for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
		checkHeaders(headers);
		if (headers.authorization !== undefined) delete headers.authorization; // the token is ours to set
		let body: string | undefined;
		if (req.raw) {
			body = req.raw.body;
			headers['content-type'] = req.raw.contentType;
		} else if (req.json !== undefined) {
			body = JSON.stringify(req.json);
			headers['content-type'] ??= 'application/json';
		}
		const limit = this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
		if (body !== undefined && body.length > limit / 4 && Buffer.byteLength(body) > limit) {
			throw new CampariInputError('body', `The body is larger than the limit of ${limit} bytes (${Buffer.byteLength(body)} bytes)`);
		}
		return { url, headers, body };
	}

	private token(forceRefresh = false) {
		return this.engine.getToken(this.tokenConfig, { forceRefresh, hint: forceRefresh ? undefined : this.connection.persisted });
	}

	async send(req: ApiRequest): Promise<ApiResponse> {
		const { url, headers, body } = this.prepare(req);
		const method = req.method.toUpperCase();
		const policy: RetryPolicy = {
			...DEFAULT_RETRY,
			maxRetries: this.options.maxRetries ?? DEFAULT_RETRY.maxRetries,
			repeatable: req.repeatable ?? isIdempotent(method),
			...this.options.retry,
		};
		const attempt = async (accessToken: string) =>
			sendWithRetry(
				() =>
					this.transport.request({
						method,
						url,
						headers: { ...headers, authorization: `Bearer ${accessToken}` },
						body,
						timeoutMs: req.timeoutMs ?? this.options.timeoutMs,
						maxResponseBytes: this.options.maxResponseBytes,
					}),
				policy,
			);

		let token = await this.token();
		let res = await attempt(token.accessToken);
		if (res.status === 401) {
			// Only the token that failed is dropped; concurrent 401s for it share one new token.
			this.engine.invalidate(this.tokenConfig, token.accessToken);
			token = await this.token();
			res = await attempt(token.accessToken);
			if (res.status === 401) this.engine.invalidate(this.tokenConfig, token.accessToken);
		}
		try {
			const parsed = req.readBody
				? req.readBody({ status: res.status, headers: res.headers, text: res.body.toString('utf8') })
				: parseBody(res, req.responseType ?? 'json');
			const failure = readApiFailure(res.status, res.headers, parsed);
			if (failure) throw failure;
			return { status: res.status, headers: res.headers, body: parsed };
		} catch (error) {
			// Some gateways echo the Authorization header in their error bodies: the token stays out of the error.
			throw error instanceof CampariApiError ? redactSecret(error, token.accessToken) : error;
		}
	}
}
