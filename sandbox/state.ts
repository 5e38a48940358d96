import { randomBytes } from 'node:crypto';

/** A request the sandbox received, as tests assert on it. */
export interface SeenRequest {
	route: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: string;
	at: number;
}

/** What a route answers. `body` objects are sent as JSON. */
export interface Reply {
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer | object;
}

/**
 * A fault for the next matching request(s): answered instead of (or before) the normal handler.
 * `route` is a route name ("token", "material.get", …), "api" for every non-token route, or "*".
 */
export type FaultAction =
	| { type: 'reply'; status: number; headers?: Record<string, string>; body?: string | object }
	| { type: 'delay'; ms: number }
	| { type: 'hang' }
	| { type: 'reset' }
	| { type: 'resetAfterHeaders' }
	| { type: 'truncate' }
	| { type: 'handleThenReset' }
	/** Revokes every token issued so far, then lets the request through (it gets a 401). */
	| { type: 'revoke' };

export interface Fault {
	route: string;
	action: FaultAction;
	/** How many matching requests it applies to (default 1; Infinity for all). */
	times?: number;
	/** Let this many matching requests through first. */
	skip?: number;
}

export interface TokenRecord {
	clientId: string;
	issuedAt: number;
	expiresAt: number | null;
	revoked: boolean;
}

export interface SandboxKnobs {
	/** Lifetime of issued tokens in seconds; null omits expires_in (the token never expires). */
	tokenLifetimeS: number | null;
	/** Overrides the expires_in value in the answer (a string, 0, -5…) without changing real expiry. */
	expiresInOverride?: unknown;
	tokenType: string;
}

export interface SandboxStats {
	tokenRequests: number;
	tokensIssued: number;
	/** Requests to every route but the token endpoint and the control endpoints. */
	apiRequests: number;
	unauthorized: number;
	byRoute: Record<string, number>;
	connections: number;
	tlsConnections: number;
}

export const newStats = (): SandboxStats => ({ tokenRequests: 0, tokensIssued: 0, apiRequests: 0, unauthorized: 0, byRoute: {}, connections: 0, tlsConnections: 0 });

/** Everything the routes share: clients, tokens, knobs, counters, the data store. */
export class SandboxState {
	clients = new Map<string, { secret: string; active: boolean }>();
	tokens = new Map<string, TokenRecord>();
	knobs: SandboxKnobs = { tokenLifetimeS: 3600, tokenType: 'bearer' };
	stats: SandboxStats = newStats();
	seen: SeenRequest[] = [];
	faults: Fault[] = [];
	/** Per-route stores the routes keep (materials, CTS inserts…), reset with the rest. */
	store = new Map<string, unknown>();
	maxSeen = 20_000;

	constructor(readonly host: string) {}

	issueToken(clientId: string): { token: string; record: TokenRecord } {
		const token = randomBytes(24).toString('base64url');
		const now = Date.now();
		const lifetime = this.knobs.tokenLifetimeS;
		const record: TokenRecord = { clientId, issuedAt: now, expiresAt: lifetime === null ? null : now + lifetime * 1000, revoked: false };
		this.tokens.set(token, record);
		this.stats.tokensIssued++;
		return { token, record };
	}

	/** 'ok', or why the bearer token is refused. */
	checkToken(token: string | undefined): 'ok' | 'missing' | 'unknown' | 'expired' | 'revoked' {
		if (!token) return 'missing';
		const record = this.tokens.get(token);
		if (!record) return 'unknown';
		if (record.revoked) return 'revoked';
		if (record.expiresAt !== null && Date.now() >= record.expiresAt) return 'expired';
		return 'ok';
	}

	/** Revokes every token issued so far (or one); returns how many. */
	revoke(token?: string): number {
		let n = 0;
		for (const [t, record] of this.tokens) {
			if ((token === undefined || t === token) && !record.revoked) {
				record.revoked = true;
				n++;
			}
		}
		return n;
	}

	/** The fault to apply to this request, if any (consumes one use). */
	takeFault(route: string): Fault | undefined {
		for (const fault of this.faults) {
			const matches = fault.route === '*' || fault.route === route || (fault.route === 'api' && route !== 'token');
			if (!matches) continue;
			if ((fault.skip ?? 0) > 0) {
				fault.skip = (fault.skip ?? 0) - 1;
				continue;
			}
			const left = fault.times ?? 1;
			if (left <= 0) continue;
			fault.times = left - 1;
			if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
			return fault;
		}
		return undefined;
	}

	record(seen: SeenRequest): void {
		if (this.seen.length >= this.maxSeen) this.seen.shift();
		this.seen.push(seen);
	}
}
