import type { IDataObject } from 'n8n-workflow';

import type { Operation } from '../../shared/types';

export const getAccessToken: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get an access token',
	description: 'Return the access token (cached until shortly before it expires) and the Material base URL, for use in any other node',
	properties: [
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Force Refresh',
					name: 'forceRefresh',
					type: 'boolean',
					default: false,
					description: 'Whether to request a new token even if the cached one is still valid (one request for all items)',
				},
			],
		},
	],
	async run(ef, itemIndex, { connection, engine }) {
		const options = ef.getNodeParameter('options', itemIndex, {}) as IDataObject;
		// No persisted hint: a token handed to other nodes must be one this process knows to be good.
		const token = await engine.getToken(connection.token, { forceRefresh: options.forceRefresh === true });
		const now = engine.now();
		return [
			{
				accessToken: token.accessToken,
				tokenType: token.tokenType,
				expiresIn: token.expiresAt === null ? null : Math.max(0, Math.floor((token.expiresAt - now) / 1000)),
				expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt).toISOString(),
				authorizationHeader: `Bearer ${token.accessToken}`,
				// So a following HTTP Request node can build its URL from the credential's base URL.
				baseUrl: connection.baseUrl,
			},
		];
	},
};
