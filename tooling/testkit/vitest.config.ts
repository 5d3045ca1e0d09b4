import { dbnProject } from './src/vitest-project.js';

export default dbnProject('testkit');
