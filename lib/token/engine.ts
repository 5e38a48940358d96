import { createHmac, randomBytes } from 'node:crypto';

import type { Clock, Token, TokenClientConfig } from './types';

export type FetchToken = (config: TokenClientConfig) => Promise<Token>;

/** Refresh this long before expiry: 10% of the lifetime, at most a minute (1 h → 60 s, 30 s → 3 s). */
export function refreshMarginMs(lifetimeMs: number): number {
	return Math.min(60_000, Math.max(0, lifetimeMs * 0.1));
}

/** After a failed token request, callers get the same error for this long instead of asking again. */
export const FAILURE_HOLD_MS = 5_000;

interface Entry {
	token?: Token;
	inFlight?: Promise<Token>;
	/** The last failed token request: held briefly so that items do not each hammer a failing endpoint. */
	failure?: { error: unknown; until: number };
	/** Tokens this process saw answered with 401: never adopted again from persisted credential data. */
	rejected: Set<string>;
}

export interface GetTokenOptions {
	/** Ignore a cached token and fetch a new one (still shared with concurrent callers). */
	forceRefresh?: boolean;
	/** A token persisted elsewhere (n8n's hidden credential fields), adopted when the cache is empty. */
	hint?: { accessToken?: string; expiresAt?: number | null };
}

export interface EngineStats {
	fetches: number;
	cacheHits: number;
	invalidations: number;
	/** Callers answered with a held failure instead of a new token request. */
	heldFailures: number;
}

// Per process: the digest is useless outside it, so a leaked key does not help guess the secret.
const salt = randomBytes(32);

const keys = new WeakMap<TokenClientConfig, string>();

/** The cache key: token URL, client id, scope, method, and a keyed digest of the secret (never the secret). */
export function identityKey(config: TokenClientConfig): string {
	// Kept per config object: the node asks once per item with the same one, and an HMAC per item shows.
	const known = keys.get(config);
	if (known !== undefined) return known;
	const key = computeKey(config);
	keys.set(config, key);
	return key;
}

function computeKey(config: TokenClientConfig): string {
	const secretDigest = createHmac('sha256', salt).update(config.clientSecret).digest('base64url');
	return JSON.stringify([config.tokenUrl, config.clientId, config.scope ?? '', config.clientAuthentication ?? 'body', secretDigest]);
}

const tokenDigest = (accessToken: string) => createHmac('sha256', salt).update(accessToken).digest('base64url');

/**
 * One token cache for a process: refreshes before expiry, shares one request among concurrent
 * callers, and replaces a token after a 401 only once however many callers report it.
 */
export class TokenEngine {
	private readonly entries = new Map<string, Entry>();
	private readonly fetchToken: FetchToken;
	readonly now: Clock;
	readonly stats: EngineStats = { fetches: 0, cacheHits: 0, invalidations: 0, heldFailures: 0 };

	constructor(options: { fetchToken: FetchToken; now?: Clock }) {
		this.fetchToken = options.fetchToken;
		this.now = options.now ?? Date.now;
	}

	private entry(config: TokenClientConfig): Entry {
		const key = identityKey(config);
		let entry = this.entries.get(key);
		if (!entry) {
			entry = { rejected: new Set() };
			this.entries.set(key, entry);
		}
		return entry;
	}

	private isExpired(token: Token, now: number): boolean {
		return token.expiresAt !== null && now >= token.expiresAt;
	}

	private isDue(token: Token, now: number): boolean {
		if (token.expiresAt === null) return false;
		return now >= token.expiresAt - refreshMarginMs(token.expiresAt - token.obtainedAt);
	}

	private startFetch(entry: Entry, config: TokenClientConfig): Promise<Token> {
		if (entry.inFlight) return entry.inFlight;
		if (entry.failure && this.now() < entry.failure.until) {
			this.stats.heldFailures++;
			return Promise.reject(entry.failure.error);
		}
		this.stats.fetches++;
		const flight = this.fetchToken(config).then(
			(token) => {
				entry.token = token;
				entry.inFlight = undefined;
				entry.failure = undefined;
				return token;
			},
			(error) => {
				entry.inFlight = undefined;
				entry.failure = { error, until: this.now() + FAILURE_HOLD_MS };
				throw error;
			},
		);
		entry.inFlight = flight;
		return flight;
	}

	async getToken(config: TokenClientConfig, options: GetTokenOptions = {}): Promise<Token> {
		const entry = this.entry(config);
		const now = this.now();
		if (!entry.token && !entry.inFlight && options.hint?.accessToken && !options.forceRefresh) {
			const hinted = this.fromHint(options.hint.accessToken, options.hint.expiresAt ?? null, now);
			if (!entry.rejected.has(tokenDigest(hinted.accessToken)) && !this.isDue(hinted, now)) entry.token = hinted;
		}
		const current = entry.token;
		if (options.forceRefresh) {
			// A forced refresh already under way serves this caller too.
			if (!entry.inFlight) entry.token = undefined;
			return this.startFetch(entry, config);
		}
		if (current && !this.isDue(current, now)) {
			this.stats.cacheHits++;
			return current;
		}
		if (current && !this.isExpired(current, now)) {
			// Inside the refresh margin: refresh once in the background and keep serving the valid token.
			this.startFetch(entry, config).catch(() => undefined /* reported to whoever waits once it expires */);
			this.stats.cacheHits++;
			return current;
		}
		return this.startFetch(entry, config);
	}

	/**
	 * The API answered 401 to a request sent with `accessToken`. Drops it only if it is still the
	 * cached token: a late 401 for a token that was already replaced costs nothing. Returns true
	 * when the token was dropped.
	 */
	invalidate(config: TokenClientConfig, accessToken: string): boolean {
		const entry = this.entry(config);
		entry.rejected.add(tokenDigest(accessToken));
		if (entry.rejected.size > 32) entry.rejected.delete(entry.rejected.values().next().value as string);
		if (entry.token?.accessToken !== accessToken) return false;
		entry.token = undefined;
		this.stats.invalidations++;
		return true;
	}

	/** Forgets every cached token and held failure (tests; a credential whose secret changed gets a new key anyway). */
	clear(): void {
		this.entries.clear();
	}

	private fromHint(accessToken: string, expiresAt: number | null, now: number): Token {
		// The original lifetime is unknown: take what is left as the lifetime, so the margin stays sane.
		return { accessToken, tokenType: 'Bearer', expiresIn: expiresAt === null ? null : Math.max(0, Math.round((expiresAt - now) / 1000)), obtainedAt: now, expiresAt };
	}
}
