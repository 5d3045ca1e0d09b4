// The built executable (dist/bin.js) as a subprocess: shebang, ESM wiring, exit codes, Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataFile } from '@dbn/testkit';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const built = existsSync(bin);
const matFile = dataFile('binaryalphadigs.mat');

describe('dist/bin.js', () => {
  it.skipIf(!built)('--help runs through the shebang and ESM imports', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: dbn \[options\] \[command\]/);
    expect(r.stderr).toBe('');
    const first = spawnSync('head', ['-1', bin], { encoding: 'utf8' });
    expect(first.stdout).toBe('#!/usr/bin/env node\n');
  });

  it.skipIf(!built)('bad input exits 2 with one line and no stack', () => {
    const r = spawnSync(process.execPath, [bin, 'train', 'rbm', '--epochs', '-1'], {
      encoding: 'utf8',
      env: { ...process.env, DBN_DEBUG: '' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('dbn: error: --epochs must be a whole number in 1..1000000, got "-1"\n');
    expect(r.stdout).toBe('');
  });

  it.skipIf(!built)(
    'a bad DBN_THREADS, DBN_THREAD_SPIN_US or DBN_BACKEND exits 2 with one line',
    () => {
      for (const [name, value, message] of [
        ['DBN_THREADS', 'two', "DBN_THREADS must be an integer from 1 to 64, got 'two'"],
        [
          'DBN_THREAD_SPIN_US',
          '-3',
          "DBN_THREAD_SPIN_US must be an integer from 0 to 100000, got '-3'",
        ],
        ['DBN_BACKEND', 'gpu', ''],
      ] as const) {
        const r = spawnSync(process.execPath, [bin, '--help'], {
          encoding: 'utf8',
          env: { ...process.env, DBN_DEBUG: '', [name]: value },
        });
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/^dbn: error: [^\n]*\n$/);
        expect(r.stderr).toContain(message === '' ? name : message);
        expect(r.stdout).toBe('');
      }
    },
  );

  it.skipIf(!built || !matFile)(
    'Ctrl-C (SIGINT) stops training with exit 130 and writes nothing',
    async () => {
      const out = tempDir();
      const child = spawn(
        process.execPath,
        [
          bin,
          'train',
          'rbm',
          '--chars',
          'A',
          '--epochs',
          '1000000',
          '--data-dir',
          dirname(matFile!),
          '--out',
          out,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/epoch 3\//.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(130);
      expect(stderr).toMatch(/dbn: error: interrupted; no results were written\n$/);
      expect(readdirSync(out)).toEqual([]);
    },
  );
});
