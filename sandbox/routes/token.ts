import type { Route } from '../route';
import type { Reply } from '../state';

/** Mashery's OAuth token endpoint with the answers the portal documents. */
export const tokenRoutes: Route[] = [
	{
		name: 'token',
		method: 'POST',
		pattern: /^\/oauth\/token$|\/token$/,
		auth: false,
		handle: ({ state, headers, body }): Reply => {
			state.stats.tokenRequests++;
			const form = new URLSearchParams(body);
			let clientId = form.get('client_id') ?? undefined;
			let secret = form.get('client_secret') ?? undefined;
			const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? '');
			if (basic) {
				const [user, pass] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
				clientId = decodeURIComponent(user ?? '');
				secret = decodeURIComponent(pass ?? '');
			}
			if (form.get('grant_type') !== 'client_credentials') {
				return { status: 400, headers: { 'x-mashery-error-code': 'ERR_403_NOT_AUTHORIZED' }, body: { error: 'unsupported_grant_type' } };
			}
			if (!clientId) return { status: 400, headers: { 'x-mashery-error-code': 'ERR_403_NOT_AUTHORIZED' }, body: { error: 'invalid_request' } };
			const client = state.clients.get(clientId);
			if (!client || client.secret !== secret) {
				return {
					status: 401,
					headers: { 'x-mashery-error-code': 'ERR_403_NOT_AUTHORIZED', 'www-authenticate': `Basic realm="${state.host}"` },
					body: { error: 'invalid_client' },
				};
			}
			if (!client.active) return { status: 401, headers: { 'x-mashery-error-code': 'ERR_403_DEVELOPER_INACTIVE' }, body: { error: 'invalid_client' } };
			const { token } = state.issueToken(clientId);
			const answer: Record<string, unknown> = { access_token: token, token_type: state.knobs.tokenType };
			if (state.knobs.expiresInOverride !== undefined) answer.expires_in = state.knobs.expiresInOverride;
			else if (state.knobs.tokenLifetimeS !== null) answer.expires_in = state.knobs.tokenLifetimeS;
			return { status: 200, headers: { 'cache-control': 'no-store' }, body: answer };
		},
	},
];
