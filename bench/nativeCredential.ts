import type { IAuthenticateGeneric, ICredentialDataDecryptedObject, ICredentialType, IDataObject, IHttpRequestHelper, INodeProperties } from 'n8n-workflow';

/**
 * The n8n-native way to do client_credentials without an OAuth2 parent type: a hidden expirable
 * token field, preAuthentication that fetches a token with this.helpers.httpRequest (n8n runs it
 * when the field is empty and again after a 401), and a generic authenticate that adds the Bearer
 * header. This is what declarative nodes and the HTTP Request node (predefined credential) use.
 */
export class BenchNativeOAuth implements ICredentialType {
	name = 'benchNativeOAuth';

	displayName = 'Bench: n8n-native client_credentials';

	properties: INodeProperties[] = [
		{ displayName: 'Token URL', name: 'tokenUrl', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Access Token', name: 'accessToken', type: 'hidden', typeOptions: { expirable: true, password: true }, default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: credentials.tokenUrl as string,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: credentials.clientId as string,
				client_secret: credentials.clientSecret as string,
			}).toString(),
			json: true,
		})) as { access_token: string };
		return { accessToken: answer.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};
}
