/** A request that got no HTTP answer: refused, timed out, reset, or an answer too large to read. */
export class TransportError extends Error {
	readonly code: string;
	/** False only when the request surely never reached the server (so it is safe to send again). */
	readonly mayHaveReachedServer: boolean;
	readonly url: string;

	constructor(message: string, code: string, url: string, mayHaveReachedServer: boolean) {
		super(message);
		this.name = 'TransportError';
		this.code = code;
		this.url = url;
		this.mayHaveReachedServer = mayHaveReachedServer;
	}
}

// Failures that happen before a single byte of the request can have been written.
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_CONNECT_TIMEOUT',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// Failures that sending again cannot cure: the same certificate, the same oversized answer.
const PERMANENT_CODES = new Set([
	'RESPONSE_TOO_LARGE',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True for a failure that would only repeat if the request were sent again. */
export const isPermanent = (error: TransportError): boolean => PERMANENT_CODES.has(error.code);

const DESCRIPTIONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'DNS lookup failed',
	ECONNRESET: 'connection reset by the server',
	UND_ERR_SOCKET: 'connection closed by the server',
	UND_ERR_CONNECT_TIMEOUT: 'timed out while connecting',
	UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for the answer',
	UND_ERR_BODY_TIMEOUT: 'timed out while reading the answer',
	UND_ERR_ABORTED: 'request aborted',
	RESPONSE_TOO_LARGE: 'the answer is larger than the allowed size',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed (see "Ignore SSL Issues")',
	SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is self-signed (see "Ignore SSL Issues")',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified',
	ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
	CERT_HAS_EXPIRED: 'the server certificate has expired',
};

/** Turns whatever undici or the socket threw into a TransportError that names the URL, never a header. */
export function toTransportError(error: unknown, url: string): TransportError {
	if (error instanceof TransportError) return error;
	const err = error as { code?: string; cause?: { code?: string }; message?: string };
	const code = err?.code ?? err?.cause?.code ?? 'UNKNOWN';
	const what = DESCRIPTIONS[code] ?? String(err?.message ?? 'unknown network error');
	// The code stays out of the message: n8n swaps messages that contain one for a generic text.
	return new TransportError(`${what} for ${safeUrl(url)}`, code, url, !NOT_SENT_CODES.has(code));
}

/** The URL without credentials or query string: queries may carry ids users consider private. */
export function safeUrl(url: string): string {
	try {
		const u = new URL(url);
		return `${u.protocol}//${u.host}${u.pathname}`;
	} catch {
		return '(invalid URL)';
	}
}
