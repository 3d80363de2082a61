// Three projects: `unit` and `sim` (the simulators and their conformance to ../shared/reference) need nothing
// running; `integration` gets one Temporal dev server and one fresh
// PostgreSQL database for the whole run (test/global-setup.ts), and the workflow bundle built once.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  testTimeout: 120000,
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { displayName: 'sim', testEnvironment: 'node', transform, testMatch: ['<rootDir>/test/sim/**/*.test.ts'] },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
