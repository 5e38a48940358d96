import { TransportError } from '../http/errors';
import { DEFAULT_RETRY, type RetryPolicy, sendWithRetry } from '../http/retry';
import { getTransport, type HttpResponse, type Transport } from '../http/transport';
import { TokenError } from './errors';
import type { Clock, Token, TokenClientConfig } from './types';

/** A lifetime of 0 or less is taken as this: a server saying 0 or -5 must not make us fetch per request. */
export const MIN_LIFETIME_S = 5;
/** Per attempt, unless the config says otherwise. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 15_000;
/** Above this, a lifetime is capped: the 401 path still replaces a token revoked earlier. */
export const MAX_LIFETIME_S = 30 * 24 * 3600;

/**
 * `expires_in` in seconds, or null when the token does not expire. The portal: missing means the
 * token does not expire. A numeric string is accepted; anything unreadable is treated as missing.
 */
export function parseExpiresIn(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isFinite(n)) return null;
	if (n <= 0) return MIN_LIFETIME_S;
	return Math.min(MAX_LIFETIME_S, Math.max(1, Math.floor(n)));
}

export interface TokenRequestDeps {
	transport?: Transport;
	retry?: Partial<RetryPolicy>;
	now: Clock;
}

function redact(text: string, config: TokenClientConfig): string {
	let out = text;
	if (config.clientSecret) out = out.split(config.clientSecret).join('***');
	return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

function oauthError(res: HttpResponse): { error?: string; description?: string } {
	try {
		const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
		return {
			error: typeof body.error === 'string' ? body.error : undefined,
			description: typeof body.error_description === 'string' ? body.error_description : undefined,
		};
	} catch {
		return {};
	}
}

function looksLikeHtml(res: HttpResponse): boolean {
	return /html/i.test(res.headers['content-type'] ?? '') || /^\s*</.test(res.body.toString('utf8', 0, 64));
}

function failure(config: TokenClientConfig, res: HttpResponse): TokenError {
	const mashery = res.headers['x-mashery-error-code'];
	const { error, description } = oauthError(res);
	const base = { tokenUrl: config.tokenUrl, status: res.status, masheryErrorCode: mashery };
	const said = [error, description].filter(Boolean).join(': ');
	if (mashery === 'ERR_403_DEVELOPER_INACTIVE') {
		return new TokenError({ ...base, reason: error ?? 'inactive_key', badCredentials: true, detail: 'the application key (client id) is inactive on the Campari portal' });
	}
	if (res.status === 401 || error === 'invalid_client') {
		return new TokenError({ ...base, reason: error ?? 'invalid_client', badCredentials: true, detail: `the client id or client secret was rejected${said ? ` (${redact(said, config)})` : ''}` });
	}
	if (res.status === 400) {
		return new TokenError({ ...base, reason: error ?? 'invalid_request', badCredentials: error === 'invalid_request' || error === 'unauthorized_client', detail: `the token endpoint refused the request${said ? ` (${redact(said, config)})` : ''}; check the client id, the scope and the token URL` });
	}
	if (res.status === 429 || (res.status === 403 && mashery?.startsWith('ERR_403_DEVELOPER_OVER'))) {
		return new TokenError({ ...base, reason: 'rate_limited', detail: 'over the plan\'s rate or quota, still after retrying' });
	}
	if (res.status >= 500) {
		return new TokenError({ ...base, reason: 'server_error', detail: `the token endpoint had a server error${looksLikeHtml(res) ? ' (HTML error page)' : ''}, still after retrying` });
	}
	return new TokenError({ ...base, reason: error ?? 'unexpected_status', detail: `unexpected answer${said ? ` (${redact(said, config)})` : looksLikeHtml(res) ? ' (HTML page)' : ''}` });
}

/** Reads a 2xx token answer into a Token, or throws a TokenError that says what is wrong with it. */
export function readTokenAnswer(config: TokenClientConfig, res: HttpResponse, obtainedAt: number): Token {
	const base = { tokenUrl: config.tokenUrl, status: res.status };
	const text = res.body.toString('utf8');
	if (text.trim() === '') throw new TokenError({ ...base, reason: 'empty_body', detail: 'the answer is empty' });
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new TokenError({ ...base, reason: 'not_json', detail: looksLikeHtml(res) ? 'the answer is an HTML page, not JSON: check the token URL' : 'the answer is not JSON' });
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new TokenError({ ...base, reason: 'not_json_object', detail: 'the answer is not a JSON object' });
	}
	const answer = body as Record<string, unknown>;
	if (typeof answer.access_token !== 'string' || answer.access_token.trim() === '') {
		throw new TokenError({ ...base, reason: 'missing_access_token', detail: 'the answer has no access_token' });
	}
	const tokenType = answer.token_type === undefined ? 'bearer' : String(answer.token_type);
	if (tokenType.toLowerCase() !== 'bearer') {
		throw new TokenError({ ...base, reason: 'unsupported_token_type', detail: `token_type is "${redact(tokenType, config).slice(0, 40)}", only bearer tokens are supported` });
	}
	const expiresIn = parseExpiresIn(answer.expires_in);
	return {
		accessToken: answer.access_token,
		tokenType: 'Bearer',
		expiresIn,
		obtainedAt,
		expiresAt: expiresIn === null ? null : obtainedAt + expiresIn * 1000,
	};
}

/** One client_credentials token request (with bounded retries on 429, 5xx and network failures). */
export async function requestToken(config: TokenClientConfig, deps: TokenRequestDeps): Promise<Token> {
	const transport = deps.transport ?? config.transport ?? getTransport({ allowUnauthorizedCerts: config.allowUnauthorizedCerts });
	const form = new URLSearchParams({ grant_type: 'client_credentials' });
	const headers: Record<string, string> = {
		'content-type': 'application/x-www-form-urlencoded',
		accept: 'application/json',
	};
	if (config.clientAuthentication === 'basic') {
		// RFC 6749 2.3.1: both parts are form-encoded before being joined.
		const user = encodeURIComponent(config.clientId);
		const pass = encodeURIComponent(config.clientSecret);
		headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
	} else {
		form.set('client_id', config.clientId);
		form.set('client_secret', config.clientSecret);
	}
	if (config.scope) form.set('scope', config.scope);
	const body = form.toString();

	let obtainedAt = deps.now();
	let res: HttpResponse;
	try {
		res = await sendWithRetry(
			() => {
				obtainedAt = deps.now();
				return transport.request({ method: 'POST', url: config.tokenUrl, headers, body, timeoutMs: config.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS, maxResponseBytes: 1024 * 1024 });
			},
			{ ...DEFAULT_RETRY, alwaysRetryStatuses: [429, 500, 502, 503, 504], repeatable: true, ...deps.retry },
		);
	} catch (error) {
		const detail = error instanceof TransportError ? error.message : 'network failure';
		throw new TokenError({ tokenUrl: config.tokenUrl, reason: error?.code ?? 'network', detail: redact(detail, config) });
	}
	if (res.status < 200 || res.status >= 300) throw failure(config, res);
	return readTokenAnswer(config, res, obtainedAt);
}
