import type { ClientAuthentication, TokenClientConfig } from '../token';
import { CampariInputError } from './errors';

/** The credential's data as the n8n credential stores it (field names are the credential's). */
export interface CredentialData {
	tokenUrl?: unknown;
	baseUrl?: unknown;
	clientId?: unknown;
	clientSecret?: unknown;
	scope?: unknown;
	clientAuthentication?: unknown;
	ignoreSslIssues?: unknown;
	accessToken?: unknown;
	expiresAt?: unknown;
}

export interface CampariConnection {
	baseUrl: string;
	token: TokenClientConfig;
	allowUnauthorizedCerts: boolean;
	/**
	 * A token persisted in the credential (hidden fields) with a known expiry, adopted when the
	 * process cache is empty. One without a known expiry is not adopted: it may have been revoked
	 * long ago, so a new process asks for its own.
	 */
	persisted?: { accessToken: string; expiresAt: number };
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v).trim());

function requireUrl(value: string, field: string, label: string): string {
	if (value === '') throw new CampariInputError(field, `The credential's ${label} is empty`);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new CampariInputError(field, `The credential's ${label} "${value.slice(0, 100)}" is not a valid URL`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CampariInputError(field, `The credential's ${label} must start with https:// (or http://)`);
	return value;
}

/** Reads and checks credential data; `needsBaseUrl` is false for token-only uses (Test, HTTP Request node). */
export function connectionFrom(data: CredentialData, needsBaseUrl = true): CampariConnection {
	const tokenUrl = requireUrl(text(data.tokenUrl), 'tokenUrl', 'Token URL');
	const baseUrl = needsBaseUrl ? requireUrl(text(data.baseUrl), 'baseUrl', 'Material API Base URL') : text(data.baseUrl);
	const clientId = text(data.clientId);
	if (clientId === '') throw new CampariInputError('clientId', "The credential's Client ID (the application key) is empty");
	const clientSecret = typeof data.clientSecret === 'string' ? data.clientSecret : '';
	if (clientSecret === '') throw new CampariInputError('clientSecret', "The credential's Client Secret is empty");
	const clientAuthentication: ClientAuthentication = data.clientAuthentication === 'basic' ? 'basic' : 'body';
	const allowUnauthorizedCerts = data.ignoreSslIssues === true;
	const accessToken = text(data.accessToken);
	const expiresAtNum = Number(data.expiresAt);
	return {
		baseUrl,
		allowUnauthorizedCerts,
		token: { tokenUrl, clientId, clientSecret, scope: text(data.scope) || undefined, clientAuthentication, allowUnauthorizedCerts },
		persisted: accessToken && Number.isFinite(expiresAtNum) && expiresAtNum > 0 ? { accessToken, expiresAt: expiresAtNum } : undefined,
	};
}
