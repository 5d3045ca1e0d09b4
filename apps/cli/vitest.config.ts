import { dbnProject } from '../../tooling/testkit/src/vitest-project.js';

export default dbnProject('cli');
