import { safeUrl } from '../http/errors';

/** A token could not be obtained. Names the token URL and the status; never the secret or a token. */
export class TokenError extends Error {
	readonly tokenUrl: string;
	/** Not called `status`: n8n's NodeApiError would replace our message with a generic one for it. */
	readonly httpStatus?: number;
	/** OAuth `error` field, or a short reason of ours (e.g. "missing_access_token"). */
	readonly reason: string;
	readonly masheryErrorCode?: string;
	/** True when the cause is the client id or secret, so retrying with the same ones is pointless. */
	readonly badCredentials: boolean;

	constructor(args: {
		tokenUrl: string;
		status?: number;
		reason: string;
		detail: string;
		masheryErrorCode?: string;
		badCredentials?: boolean;
	}) {
		const status = args.status !== undefined ? `HTTP ${args.status}` : 'no HTTP answer';
		const mashery = args.masheryErrorCode ? `, X-Mashery-Error-Code ${args.masheryErrorCode}` : '';
		super(`Campari token request to ${safeUrl(args.tokenUrl)} failed (${status}${mashery}): ${args.detail}`);
		this.name = 'TokenError';
		this.tokenUrl = safeUrl(args.tokenUrl);
		this.httpStatus = args.status;
		this.reason = args.reason;
		this.masheryErrorCode = args.masheryErrorCode;
		this.badCredentials = args.badCredentials === true;
	}
}
