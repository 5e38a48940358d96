import type { Route } from '../route';
import type { Fault } from '../state';

const json = (body: string): Record<string, unknown> => (body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>));

/**
 * Control endpoints under /_sandbox/, for scripts that run the sandbox in another process
 * (demo, e2e against real n8n): counters, revocation, knobs, faults.
 */
export const controlRoutes: Route[] = [
	{ name: 'control.stats', method: 'GET', pattern: /^\/_sandbox\/stats$/, auth: false, handle: ({ state }) => ({ status: 200, body: state.stats }) },
	{
		name: 'control.seen',
		method: 'GET',
		pattern: /^\/_sandbox\/seen$/,
		auth: false,
		handle: ({ state, query }) => ({ status: 200, body: state.seen.filter((s) => !query.get('route') || s.route === query.get('route')) }),
	},
	{
		name: 'control.revoke',
		method: 'POST',
		pattern: /^\/_sandbox\/revoke$/,
		auth: false,
		handle: ({ state }) => ({ status: 200, body: { revoked: state.revoke() } }),
	},
	{
		name: 'control.reset',
		method: 'POST',
		pattern: /^\/_sandbox\/reset$/,
		auth: false,
		handle: ({ state }) => {
			const { connections, tlsConnections } = state.stats;
			state.stats = { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, unauthorized: 0, byRoute: {}, connections, tlsConnections };
			state.seen = [];
			state.faults = [];
			return { status: 200, body: { ok: true } };
		},
	},
	{
		name: 'control.config',
		method: 'POST',
		pattern: /^\/_sandbox\/config$/,
		auth: false,
		handle: ({ state, body }) => {
			const patch = json(body);
			if ('tokenLifetimeS' in patch) state.knobs.tokenLifetimeS = patch.tokenLifetimeS as number | null;
			if ('tokenType' in patch) state.knobs.tokenType = String(patch.tokenType);
			if ('expiresInOverride' in patch) state.knobs.expiresInOverride = patch.expiresInOverride;
			return { status: 200, body: state.knobs };
		},
	},
	{
		name: 'control.faults',
		method: 'POST',
		pattern: /^\/_sandbox\/faults$/,
		auth: false,
		handle: ({ state, body }) => {
			state.faults.push(json(body) as unknown as Fault);
			return { status: 200, body: { faults: state.faults.length } };
		},
	},
];
