import { dbnProject } from '../../tooling/testkit/src/vitest-project.js';

// The e2e tests start a browser: give them time.
export default dbnProject('viewer', { testTimeout: 120_000, hookTimeout: 180_000 });
