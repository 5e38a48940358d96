import type { Transport } from '../http/transport';

/** How the client proves itself at the token endpoint: form fields (the portal's way) or HTTP Basic. */
export type ClientAuthentication = 'body' | 'basic';

/** Everything needed to obtain a client_credentials token. */
export interface TokenClientConfig {
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
	scope?: string;
	clientAuthentication?: ClientAuthentication;
	allowUnauthorizedCerts?: boolean;
	timeoutMs?: number;
	/** The pool token requests go through (not part of the identity); defaults to the shared one. */
	transport?: Transport;
}

export interface Token {
	accessToken: string;
	tokenType: string;
	/** Seconds, as the server gave them (after clamping); null when the token does not expire. */
	expiresIn: number | null;
	/** Epoch ms when the request for it was sent. */
	obtainedAt: number;
	/** Epoch ms; null when the token does not expire. */
	expiresAt: number | null;
}

export type Clock = () => number;
