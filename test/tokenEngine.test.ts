import { CampariSandbox } from '../sandbox/server';
import { TokenEngine, TokenError, identityKey, parseExpiresIn, refreshMarginMs, requestToken, type TokenClientConfig } from '../lib/token';
import { useSandbox } from './helpers/sandbox';

const SECRET = 'unit-secret-value';

describe('token engine (fake clock, real sandbox over loopback)', () => {
	let sandbox: CampariSandbox;
	let now: number;
	let engine: TokenEngine;
	let config: TokenClientConfig;
	const noSleep = { sleep: async () => undefined };

	useSandbox((s) => (sandbox = s), { clients: { 'unit-client': SECRET } });
	beforeEach(() => {
		sandbox.setTokenLifetime(3600);
		now = 1_000_000;
		engine = new TokenEngine({ fetchToken: (c) => requestToken(c, { now: () => now, retry: noSleep }), now: () => now });
		config = { tokenUrl: sandbox.tokenUrl, clientId: 'unit-client', clientSecret: SECRET };
	});

	test('200 concurrent callers with an empty cache share exactly 1 token request', async () => {
		const tokens = await Promise.all(Array.from({ length: 200 }, () => engine.getToken(config)));
		expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
		expect(sandbox.stats.tokenRequests).toBe(1);
		expect(engine.stats.fetches).toBe(1);
	});

	test('refreshes before expiry: inside the margin the old token is served while one refresh runs', async () => {
		const first = await engine.getToken(config);
		expect(first.expiresAt).toBe(now + 3600_000);
		now += 3600_000 - 30_000; // 30 s before expiry, inside the 60 s margin
		const during = await Promise.all(Array.from({ length: 20 }, () => engine.getToken(config)));
		expect(during.every((t) => t.accessToken === first.accessToken)).toBe(true);
		await new Promise((r) => setTimeout(r, 50)); // let the background refresh land
		const after = await engine.getToken(config);
		expect(after.accessToken).not.toBe(first.accessToken);
		expect(sandbox.stats.tokenRequests).toBe(2);
	});

	test('an expired token is never handed out: callers wait for the one new token', async () => {
		const first = await engine.getToken(config);
		now += 3601_000;
		const tokens = await Promise.all(Array.from({ length: 50 }, () => engine.getToken(config)));
		expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set([tokens[0].accessToken]));
		expect(tokens[0].accessToken).not.toBe(first.accessToken);
		expect(sandbox.stats.tokenRequests).toBe(2);
	});

	test('the margin suits 1-hour and 30-second tokens', () => {
		expect(refreshMarginMs(3600_000)).toBe(60_000);
		expect(refreshMarginMs(30_000)).toBe(3_000);
	});

	test('invalidate drops only the token that failed; a late 401 for a replaced token costs nothing', async () => {
		const first = await engine.getToken(config);
		expect(engine.invalidate(config, first.accessToken)).toBe(true);
		const second = await engine.getToken(config);
		expect(second.accessToken).not.toBe(first.accessToken);
		expect(engine.invalidate(config, first.accessToken)).toBe(false);
		const third = await engine.getToken(config);
		expect(third.accessToken).toBe(second.accessToken);
		expect(sandbox.stats.tokenRequests).toBe(2);
	});

	test('expires_in missing means the token does not expire', async () => {
		sandbox.setTokenLifetime(null);
		const token = await engine.getToken(config);
		expect(token.expiresAt).toBeNull();
		now += 365 * 24 * 3600_000;
		expect((await engine.getToken(config)).accessToken).toBe(token.accessToken);
		expect(sandbox.stats.tokenRequests).toBe(1);
	});

	test('expires_in as a numeric string, 0, negative, huge and garbage are handled sanely', () => {
		expect(parseExpiresIn('3600')).toBe(3600);
		expect(parseExpiresIn(' 60 ')).toBe(60);
		expect(parseExpiresIn(0)).toBe(5);
		expect(parseExpiresIn(-100)).toBe(5);
		expect(parseExpiresIn(1e12)).toBe(30 * 24 * 3600);
		expect(parseExpiresIn('soon')).toBeNull();
		expect(parseExpiresIn(undefined)).toBeNull();
	});

	test('the cache key holds no secret in clear, and differs when the secret does', () => {
		const key = identityKey(config);
		expect(key).not.toContain(SECRET);
		expect(identityKey({ ...config, clientSecret: 'other' })).not.toBe(key);
		expect(identityKey({ ...config, scope: 'read' })).not.toBe(key);
	});

	test('a wrong secret fails with a message that names the problem and no secret', async () => {
		const wrong = { ...config, clientSecret: 'definitely-wrong-secret' };
		const error = await engine.getToken(wrong).catch((e) => e);
		expect(error).toBeInstanceOf(TokenError);
		expect(error.message).toContain('client id or client secret was rejected');
		expect(error.message).toContain(sandbox.tokenUrl);
		expect(error.message).toContain('HTTP 401');
		expect(error.message).toContain('ERR_403_NOT_AUTHORIZED');
		expect(error.message).not.toContain('definitely-wrong-secret');
		expect(sandbox.stats.tokenRequests).toBe(1); // no retry of a rejected secret
	});

	test('a failed token request is held for a few seconds: callers do not each ask again', async () => {
		const wrong = { ...config, clientSecret: 'definitely-wrong-secret' };
		for (let i = 0; i < 20; i++) await expect(engine.getToken(wrong)).rejects.toThrow('rejected');
		expect(sandbox.stats.tokenRequests).toBe(1);
		expect(engine.stats.heldFailures).toBe(19);
		now += 5_001; // the hold is over: one new request
		await expect(engine.getToken(wrong)).rejects.toThrow('rejected');
		expect(sandbox.stats.tokenRequests).toBe(2);
		await expect(engine.getToken(config)).resolves.toHaveProperty('accessToken'); // other identities are not affected
	});

	test('HTTP Basic client authentication works too', async () => {
		const token = await engine.getToken({ ...config, clientAuthentication: 'basic' });
		expect(token.accessToken).toMatch(/\w+/);
		expect(sandbox.seen('token')[0].headers.authorization).toMatch(/^Basic /);
		expect(sandbox.seen('token')[0].body).not.toContain(SECRET);
	});

	test('an inactive key says so', async () => {
		sandbox.addClient('inactive-client', SECRET, false);
		const error = await engine.getToken({ ...config, clientId: 'inactive-client' }).catch((e) => e);
		expect(error.message).toContain('inactive');
		expect(error.masheryErrorCode).toBe('ERR_403_DEVELOPER_INACTIVE');
	});

	test.each([
		['without access_token', { type: 'reply', status: 200, body: { token_type: 'bearer', expires_in: 3600 } }, 'no access_token'],
		['with a token_type other than bearer', { type: 'reply', status: 200, body: { access_token: 'abc', token_type: 'mac' } }, 'only bearer tokens'],
		['as an HTML page', { type: 'reply', status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' }, 'HTML page'],
		['empty', { type: 'reply', status: 200, body: '' }, 'empty'],
	] as const)('a token answer %s is a clear error', async (_name, action, words) => {
		sandbox.addFault({ route: 'token', action: action as never });
		const error = await engine.getToken(config).catch((e) => e);
		expect(error).toBeInstanceOf(TokenError);
		expect(error.message).toContain(words);
		expect(error.message).toContain(sandbox.tokenUrl);
		expect(error.message).not.toContain(SECRET);
	});

	test('token_type is compared case-insensitively', async () => {
		sandbox.state.knobs.tokenType = 'BeArEr';
		await expect(engine.getToken(config)).resolves.toMatchObject({ tokenType: 'Bearer' });
		sandbox.state.knobs.tokenType = 'bearer';
	});

	test('503 with Retry-After and 429 are retried, bounded, and then succeed', async () => {
		const waits: number[] = [];
		engine = new TokenEngine({ fetchToken: (c) => requestToken(c, { now: () => now, retry: { sleep: async (ms) => void waits.push(ms) } }), now: () => now });
		sandbox.addFault({ route: 'token', action: { type: 'reply', status: 503, headers: { 'retry-after': '2' } } });
		sandbox.addFault({ route: 'token', action: { type: 'reply', status: 429 } });
		await expect(engine.getToken(config)).resolves.toHaveProperty('accessToken');
		expect(sandbox.stats.tokenRequests).toBe(1); // faults answer before the handler counts
		expect(sandbox.state.stats.byRoute.token).toBe(3);
		expect(waits[0]).toBe(2000);
	});

	test('a 500 that persists gives up after the bounded retries with a clear error', async () => {
		sandbox.addFault({ route: 'token', times: 10, action: { type: 'reply', status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>oops</h1>' } });
		const error = await engine.getToken(config).catch((e) => e);
		expect(error.message).toContain('HTTP 500');
		expect(error.message).toContain('server error');
		expect(sandbox.state.stats.byRoute.token).toBe(4); // 1 + 3 retries
	});

	test('a token endpoint that is down is a clear error naming the URL', async () => {
		const down = { ...config, tokenUrl: 'http://127.0.0.1:1/master-data/token' };
		const error = await engine.getToken(down).catch((e) => e);
		expect(error).toBeInstanceOf(TokenError);
		expect(error.message).toContain('connection refused');
		expect(error.message).toContain('http://127.0.0.1:1/master-data/token');
	});

	test('a token endpoint that hangs times out', async () => {
		sandbox.addFault({ route: 'token', times: 10, action: { type: 'hang' } });
		const error = await engine.getToken({ ...config, timeoutMs: 200 }).catch((e) => e);
		expect(error.message).toContain('timed out');
		sandbox.resetCounters();
	});
});
