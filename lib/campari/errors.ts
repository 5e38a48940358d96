/** Input that cannot be sent: names the field, so the node can name the item too. */
export class CampariInputError extends Error {
	readonly field: string;
	constructor(field: string, message: string) {
		super(message);
		this.name = 'CampariInputError';
		this.field = field;
	}
}

/** The Material API answered, and the answer is a failure (by status, by Mashery header, or by its body). */
export class CampariApiError extends Error {
	readonly status: number;
	readonly masheryErrorCode?: string;
	/** The API's own words: `error`, `message`, `messages[type=E]`, a SOAP fault string… */
	readonly apiMessage?: string;
	readonly body: unknown;
	readonly headers: Record<string, string>;

	constructor(args: { status: number; masheryErrorCode?: string; apiMessage?: string; body: unknown; headers: Record<string, string>; summary: string }) {
		super(args.summary);
		this.name = 'CampariApiError';
		this.status = args.status;
		this.masheryErrorCode = args.masheryErrorCode;
		this.apiMessage = args.apiMessage;
		this.body = args.body;
		this.headers = args.headers;
	}
}

const STATUS_TEXT: Record<number, string> = {
	400: 'bad request',
	401: 'not authorized (the access token was refused, even after a fresh one)',
	403: 'forbidden',
	404: 'not found',
	405: 'method not allowed',
	409: 'conflict',
	413: 'request too large',
	415: 'unsupported media type',
	422: 'unprocessable entity',
	429: 'rate limited (over the plan\'s rate or quota), still after retrying',
	500: 'server error',
	502: 'bad gateway',
	503: 'service unavailable, still after retrying',
	504: 'gateway timeout',
};

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The API's own message from a JSON (or text) body, in the shapes the portal documents. */
export function apiMessageOf(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '' || /^</.test(text)) return undefined; // HTML pages say nothing useful
		return text.length > 500 ? `${text.slice(0, 500)}…` : text;
	}
	if (typeof body !== 'object' || body === null) return undefined;
	const b = body as Record<string, unknown>;
	const errors = Array.isArray(b.messages)
		? (b.messages as Array<Record<string, unknown>>).filter((m) => String(m?.type ?? '').toUpperCase() === 'E').map((m) => str(m.message)).filter(Boolean)
		: [];
	if (errors.length > 0) return errors.join('; ');
	return str(b.error_description) ?? str(b.message) ?? str(b.errorMessage) ?? (typeof b.error === 'object' && b.error !== null ? str((b.error as Record<string, unknown>).message) : str(b.error)) ?? str(b.fault);
}

/** True for an HTTP 2xx whose body still says the call failed (`status: "Error"`, or a message of type E). */
export function bodySaysError(body: unknown): boolean {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
	const b = body as Record<string, unknown>;
	if (typeof b.status === 'string' && b.status.toLowerCase() === 'error') return true;
	return Array.isArray(b.messages) && (b.messages as Array<Record<string, unknown>>).some((m) => String(m?.type ?? '').toUpperCase() === 'E');
}

/** A CampariApiError for an answer that failed, or undefined for one that succeeded. */
export function readApiFailure(status: number, headers: Record<string, string>, body: unknown): CampariApiError | undefined {
	const failedByStatus = status < 200 || status >= 300;
	if (!failedByStatus && !bodySaysError(body)) return undefined;
	const mashery = headers['x-mashery-error-code'];
	const apiMessage = apiMessageOf(body);
	const what = failedByStatus ? STATUS_TEXT[status] ?? 'request failed' : 'the API answered HTTP 200 but its body reports an error';
	const summary = `Campari API: HTTP ${status} ${what}${mashery ? ` [${mashery}]` : ''}${apiMessage ? `: ${apiMessage}` : ''}`;
	return new CampariApiError({ status, masheryErrorCode: mashery, apiMessage, body, headers, summary });
}

/** Replaces `secret` with *** in the error's message, stack and string fields (an API may echo what it was sent). */
export function redactSecret<E extends Error>(error: E, secret: string): E {
	if (secret === '') return error;
	const clean = (text: string) => text.split(secret).join('***');
	const fields = error as unknown as Record<string, unknown>;
	for (const key of Object.keys(fields)) if (typeof fields[key] === 'string') fields[key] = clean(fields[key] as string);
	error.message = clean(error.message);
	if (typeof error.stack === 'string') error.stack = clean(error.stack);
	return error;
}
