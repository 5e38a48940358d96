/** Unit tests of lib/ and engine tests through n8n-core's WorkflowExecute, against the sandbox. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 30000,
	maxWorkers: 2,
	reporters: ['default', '<rootDir>/test/helpers/summaryReporter.js'],
};
