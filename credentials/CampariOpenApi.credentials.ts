import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { connectionFrom } from '../lib/campari/connection';
import { sharedTokenEngine } from '../lib/token';

/** True for a request aimed at the token endpoint itself (the credential test): it gets no Bearer token. */
function isTokenRequest(requestOptions: IHttpRequestOptions, tokenUrl: string): boolean {
	const target = `${requestOptions.baseURL ?? ''}${requestOptions.url ?? ''}`;
	return target.split('?')[0] === tokenUrl.split('?')[0];
}

/**
 * Campari Open API (OAuth 2.0 client_credentials, through TIBCO Mashery). The token lives in one
 * process-wide engine that refreshes it before expiry, shares one request among parallel items and
 * replaces it once after a 401; the hidden fields only persist it for n8n's own 401 path.
 */
export class CampariOpenApi implements ICredentialType {
	name = 'campariOpenApi';

	displayName = 'Campari Open API';

	icon = { light: 'file:../icons/campari.svg', dark: 'file:../icons/campari.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-campari/n8n-nodes-campari#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://test-api.mycampari.com/connection-tester/token',
			hint: 'The full token endpoint: the gateway host, the API path, then /token (as in the portal\'s https://test-api.mycampari.com/connection-tester/token)',
		},
		{
			displayName: 'Material API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://test-api.mycampari.com/master-data',
			description: 'The Material operation paths are appended to this URL',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The application key from "My API Keys" on the Campari portal',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The application secret from "My API Keys" on the Campari portal',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			description: 'Optional; sent only when set',
		},
		{
			displayName: 'Client Authentication',
			name: 'clientAuthentication',
			type: 'options',
			options: [
				{ name: 'Send in Body (Form Fields)', value: 'body', description: 'client_id and client_secret as form fields, as the portal documents' },
				{ name: 'Send as Basic Auth Header', value: 'basic', description: 'HTTP Basic with the client ID and secret' },
			],
			default: 'body',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if the TLS certificate cannot be verified. Only for test gateways with self-signed certificates.',
		},
		{
			// n8n calls preAuthentication when this is empty, and again after a 401.
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: 0,
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const connection = connectionFrom(credentials, false);
		// Non-empty here means n8n saw a 401 with it (or this is the Test button): drop just that one.
		if (typeof credentials.accessToken === 'string' && credentials.accessToken !== '') {
			sharedTokenEngine.invalidate(connection.token, credentials.accessToken);
		}
		const token = await sharedTokenEngine.getToken(connection.token);
		return { accessToken: token.accessToken, expiresAt: token.expiresAt ?? 0 };
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const connection = connectionFrom(credentials, false);
		if (isTokenRequest(requestOptions, connection.token.tokenUrl)) return requestOptions;
		// The engine refreshes a token inside its margin before handing it out.
		const token = await sharedTokenEngine.getToken(connection.token, { hint: connection.persisted });
		// n8n passes this same object to preAuthentication after a 401: it must name the token really sent.
		credentials.accessToken = token.accessToken;
		credentials.expiresAt = token.expiresAt ?? 0;
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token.accessToken}` } };
	}

	// The Test button: preAuthentication obtains a token through the engine (its errors name the
	// problem); this request then asks the token endpoint once more, uncached.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{$credentials.tokenUrl}}',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: {
				grant_type: 'client_credentials',
				client_id: '={{$credentials.clientId}}',
				client_secret: '={{$credentials.clientSecret}}',
			},
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'The Campari token endpoint rejected the Client ID or Client Secret (invalid_client)' } },
			{ type: 'responseCode', properties: { value: 400, message: 'The Campari token endpoint refused the request (invalid_request): check the Client ID and the Token URL' } },
			{ type: 'responseCode', properties: { value: 404, message: 'No token endpoint at this Token URL (HTTP 404)' } },
		],
	};
}
