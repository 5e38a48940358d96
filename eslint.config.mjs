import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{ ignores: ['dist/**', 'coverage/**', 'node_modules/**'] },
	{
		// This package is for self-hosted n8n only (see README): its transport (undici keep-alive
		// pools) and SOAP parsing (fast-xml-parser) are deliberate runtime dependencies.
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		// lib/ has no n8n imports by design; the node converts every lib error into a NodeApiError
		// or NodeOperationError with the item index (nodes/CampariMaterial/shared/errors.ts).
		files: ['lib/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// Development tooling, not shipped ("files" in package.json): the sandbox makes a throw-away
		// TLS certificate with openssl, tests use made-up secrets and small helper nodes.
		files: ['sandbox/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/node-usable-as-tool': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
