import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INode, IRequestOptionsSimplified, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from '../tools/engine/credentialsHelper';

/**
 * tools/engine's credentials helper only calls function-style `authenticate`. n8n's own
 * (packages/cli credentials-helper.ts) also applies the generic object form: every key and value
 * of `properties.headers` / `qs` / `body` / `auth`, resolved as an expression with `$credentials`.
 * This does the same, through the workflow's expression engine as n8n does.
 */
export class GenericAuthCredentialsHelper extends TestCredentialsHelper {
	constructor(private readonly credentialTypes: Record<string, ICredentialType>) {
		super(credentialTypes);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.credentialTypes[typeName]?.authenticate;
		if (typeof authenticate !== 'object' || authenticate.type !== 'generic' || !workflow || !node) {
			return await super.authenticate(credentials, typeName, requestOptions);
		}
		this.calls.authenticate++;
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		options.headers ??= {};
		const resolve = (value: unknown) => {
			if (typeof value !== 'string' || value.charAt(0) !== '=') return value;
			const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
			return resolved ? resolved.toString() : '';
		};
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
				options[outerKey] ??= {};
				options[outerKey][resolve(key) as string] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}
}
