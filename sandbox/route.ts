import type { Reply, SandboxState } from './state';

export interface RouteContext {
	state: SandboxState;
	method: string;
	path: string;
	/** Capture groups of the route's pattern. */
	params: string[];
	query: URLSearchParams;
	headers: Record<string, string>;
	body: string;
}

export interface Route {
	/** Counted under this name in stats.byRoute, and matched by faults. */
	name: string;
	method: string;
	pattern: RegExp;
	/** Whether a valid Bearer token is required (Mashery answers 401 otherwise). Default true. */
	auth?: boolean;
	handle: (ctx: RouteContext) => Reply | Promise<Reply>;
}
