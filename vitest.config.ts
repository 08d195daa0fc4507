import { defineConfig } from 'vitest/config';

// The AWS SDK warns once per process under Node 20 that its releases after January 2027 will need Node 22.
// The locked SDK supports Node 20 (engines >=20), and Lambda runs Node 22: README "Node versions".
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Bounds are generous on purpose: the suites must pass on a busy 2-core machine (a benchmark alongside).
// Tests wait for conditions, never for fixed times; a timeout only stops a test that is really stuck.

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/support/quiet-logs.ts'],
          // Key generation and property tests take seconds on a loaded machine; vitest's default is 5 s.
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/{api,e2e,lambda,infra}/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/support/quiet-logs.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 2 },
          include: ['test/browser/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/support/quiet-logs.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
