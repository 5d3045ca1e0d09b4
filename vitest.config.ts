import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './tooling/testkit/src/summary-reporter.js';

// One vitest project per package (each has its own vitest.config.ts built by
// tooling/testkit/src/vitest-project.ts); this root run prints one summary.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/testkit'],
    reporters: ['default', new SummaryLineReporter()],
  },
});
