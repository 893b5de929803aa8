import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'conformance/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on anvil and sockets, not on the CPU: two files at a time even on two cores (vitest's
    // default there is one), which halves the wall time of `npm test`.
    maxWorkers: 2,
  },
})
