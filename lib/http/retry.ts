import { isPermanent, TransportError } from './errors';
import type { HttpResponse } from './transport';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the attempt fails instead. */
	maxRetryAfterMs: number;
	/** Whether the request may be sent again after it may have reached the server (GET, PUT, token POST). */
	repeatable: boolean;
	/** Statuses retried even for requests that are not repeatable: the server refused before doing work. */
	alwaysRetryStatuses: number[];
	/** Statuses retried only for repeatable requests. */
	repeatableRetryStatuses: number[];
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'repeatable'> = {
	maxRetries: 3,
	baseDelayMs: 250,
	maxDelayMs: 10_000,
	maxRetryAfterMs: 60_000,
	alwaysRetryStatuses: [429, 503],
	repeatableRetryStatuses: [502, 504],
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
export const isIdempotent = (method: string) => IDEMPOTENT.has(method.toUpperCase());

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff, capped. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>) {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + ((policy.random ?? Math.random)() * ceiling) / 2);
}

/**
 * Sends, and sends again while the answer or failure is one worth retrying. Returns the last
 * answer (which may be an error status) or throws the last transport error.
 */
export async function sendWithRetry(
	send: () => Promise<HttpResponse>,
	policy: RetryPolicy,
	onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void,
): Promise<HttpResponse> {
	const sleep = policy.sleep ?? realSleep;
	for (let attempt = 0; ; attempt++) {
		let delayMs: number | undefined;
		let reason: string;
		try {
			const response = await send();
			const retriable =
				policy.alwaysRetryStatuses.includes(response.status) ||
				(policy.repeatable && policy.repeatableRetryStatuses.includes(response.status));
			if (!retriable || attempt >= policy.maxRetries) return response;
			const retryAfter = parseRetryAfter(response.headers['retry-after']);
			if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return response;
			delayMs = retryAfter ?? backoffDelay(attempt, policy);
			reason = `HTTP ${response.status}`;
		} catch (error) {
			const retriable = error instanceof TransportError && !isPermanent(error) && (policy.repeatable || !error.mayHaveReachedServer);
			if (!retriable || attempt >= policy.maxRetries) throw error;
			delayMs = backoffDelay(attempt, policy);
			reason = (error as TransportError).code;
		}
		onRetry?.({ attempt: attempt + 1, delayMs, reason });
		await sleep(delayMs);
	}
}
