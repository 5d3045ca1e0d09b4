import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Workspace libraries resolved to their TypeScript sources in tests (no build needed). */
const sourceAliases = ['linalg', 'random', 'datasets', 'models', 'experiments'].map((name) => ({
  find: new RegExp(`^@dbn/${name}$`),
  replacement: `${root}packages/${name}/src/index.ts`,
}));

/** The vitest project config every package uses: its name, sources aliased, tests in test/. */
export function dbnProject(name: string, extra: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    resolve: {
      alias: [
        ...sourceAliases,
        { find: /^@dbn\/datasets\/node$/, replacement: `${root}packages/datasets/src/node.ts` },
        { find: /^@dbn\/testkit$/, replacement: `${root}tooling/testkit/src/index.ts` },
      ],
    },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
      ...extra,
    },
  });
}
