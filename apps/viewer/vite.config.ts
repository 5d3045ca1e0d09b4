// Vite builds the page from src/ into dist/ (served by `dbn view`). Workspace packages resolve to
// their TypeScript sources through the '@dbn/source' export condition, so no build of them is
// needed and the page runs the same @dbn/models code as the CLI.
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: 'src',
  base: './',
  resolve: { conditions: ['@dbn/source', ...defaultClientConditions] },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
});
