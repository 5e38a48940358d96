import { TokenEngine } from './engine';
import { requestToken } from './tokenRequest';

export { TokenEngine, identityKey, refreshMarginMs } from './engine';
export type { GetTokenOptions } from './engine';
export { TokenError } from './errors';
export { DEFAULT_TOKEN_TIMEOUT_MS, parseExpiresIn, requestToken } from './tokenRequest';
export type { ClientAuthentication, Token, TokenClientConfig } from './types';

/** The process-wide engine: the credential, the node and the HTTP Request node all share its cache. */
export const sharedTokenEngine = new TokenEngine({ fetchToken: (config) => requestToken(config, { now: Date.now }) });
