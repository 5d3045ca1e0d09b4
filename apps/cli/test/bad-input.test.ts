import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { Capture, expectOneLineFailure, run, tempDir } from './helpers.js';

describe('bad input: one line on stderr, non-zero exit, no stack', () => {
  it('unknown command, with a suggestion on the same line', async () => {
    const r = await run(['trian', 'rbm']);
    expectOneLineFailure(r, /^dbn: error: unknown command 'trian' \(Did you mean train\?\)\n$/, 2);
  });

  it('unknown option and unknown model', async () => {
    expectOneLineFailure(
      await run(['train', 'rbm', '--hiden', '3']),
      /unknown option '--hiden'/,
      2,
    );
    expectOneLineFailure(await run(['train', 'gan']), /'gan' is invalid.*rbm, dbn, dnn/, 2);
  });

  it('unknown character, listing the valid ones', async () => {
    const r = await run(['train', 'rbm', '--chars', 'A,?']);
    expectOneLineFailure(
      r,
      /unknown character "\?" in --chars; valid characters: 0123456789ABC/,
      2,
    );
  });

  it.each([
    [['--hidden', '0'], /--hidden must be a comma-separated list of layer sizes .* got "0"/],
    [['--hidden', '200,200'], /--hidden of an rbm is one layer size/],
    [['--epochs', 'ten'], /--epochs must be a whole number in 1..1000000, got "ten"/],
    [['--epochs', '0'], /--epochs must be a whole number/],
    [['--batch-size', '2.5'], /--batch-size must be a whole number/],
    [['--lr', '-0.1'], /--lr must be a number/],
    [['--k', '0'], /--k must be a whole number/],
    [['--seed', '-3'], /--seed must be a whole number ≥ 0/],
    [['--samples', '0'], /--samples must be a whole number/],
    [['--pretrain'], /--pretrain applies to `dbn train dnn`/],
    [['--train-size', '10'], /--train-size applies to --data mnist/],
    [['--data', 'cifar'], /--data must be one of alphadigits, mnist/],
  ])('train rbm %j', async (args, pattern) => {
    expectOneLineFailure(await run(['train', 'rbm', ...args]), pattern, 2);
  });

  it.each([
    [['--data', 'alphadigits'], /needs --data mnist/],
    [['--epochs-rbm', '3'], /--epochs-rbm needs `dbn train dnn --pretrain`/],
    [['--samples', '3'], /--samples applies to rbm and dbn/],
    [['--train-size', '70000'], /--train-size must be at most 60000/],
    [['--test-size', '10001'], /--test-size must be at most 10000/],
    [['--threshold', '300'], /--threshold must be a whole number in 0\.\.255/],
  ])('train dnn %j', async (args, pattern) => {
    expectOneLineFailure(await run(['train', 'dnn', ...args]), pattern, 2);
  });

  it('missing AlphaDigits says how to fetch them', async () => {
    const empty = tempDir();
    const a = await run(['train', 'rbm', '--data-dir', empty, '--out', join(empty, 'runs')]);
    expectOneLineFailure(
      a,
      /binaryalphadigs\.mat is not in .*; run `dbn data fetch --data-dir .*`/,
      1,
    );
    const env = { PATH: process.env.PATH, HOME: empty, XDG_CACHE_HOME: join(empty, 'cache') };
    const b = await run(['train', 'dbn', '--out', join(empty, 'runs')], { env });
    expectOneLineFailure(
      b,
      /Binary AlphaDigits .* not found in the cache .*; run `dbn data fetch`/,
      1,
    );
  });

  it('missing MNIST files in --data-dir', async () => {
    const empty = tempDir();
    const r = await run(['train', 'dnn', '--data-dir', empty, '--out', join(empty, 'runs')]);
    expectOneLineFailure(r, /MNIST train images not found in .*--data-dir/, 1);
  });

  it('unreadable model files', async () => {
    const dir = tempDir();
    const junk = join(dir, 'junk.safetensors');
    writeFileSync(junk, 'definitely not a model');
    const missing = join(dir, 'missing.safetensors');
    const out = join(dir, 'x.png');
    expectOneLineFailure(
      await run(['generate', missing, '--out', out]),
      /cannot read model file .*: no such file/,
      1,
    );
    expectOneLineFailure(
      await run(['generate', junk, '--out', out]),
      /junk\.safetensors is not a readable model file/,
      1,
    );
    expectOneLineFailure(await run(['eval', junk]), /not a readable model file/, 1);
    expectOneLineFailure(
      await run(['export', dir, '--out', join(dir, 'w.npz')]),
      /cannot read model file .*: it is a directory/,
      1,
    );
  });

  it('generate and export need --out; export needs a format', async () => {
    expectOneLineFailure(
      await run(['generate', 'm.safetensors']),
      /required option '--out <file.png>'/,
      2,
    );
    expectOneLineFailure(
      await run(['export', 'm.safetensors', '--out', 'w.bin']),
      /give --format npz or --format mat/,
      2,
    );
    expectOneLineFailure(
      await run(['export', 'm.safetensors', '--format', 'h5', '--out', 'w.h5']),
      /--format must be one of npz, mat/,
      2,
    );
  });

  it('data info on a missing file', async () => {
    expectOneLineFailure(
      await run(['data', 'info', '/nonexistent/file.mat']),
      /cannot read data file .*no such file/,
      1,
    );
  });

  it('view of a missing runs directory fails in one line', async () => {
    expectOneLineFailure(
      await run(['view', '/nonexistent/runs-dir']),
      /runs directory .* does not exist or is not a directory/,
      1,
    );
  });

  it('dbn alone prints the help on stderr and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: dbn/);
  });

  it('an unexpected error is one line; the stack only with DBN_DEBUG=1', async () => {
    const broken = {
      write: () => {
        throw new Error('disk on fire');
      },
    };
    for (const debug of [undefined, '1']) {
      const stderr = new Capture();
      const code = await main(['node', 'dbn', '--version'], {
        stdout: broken,
        stderr,
        env: { DBN_DEBUG: debug },
      });
      expect(code).toBe(1);
      expect(stderr.lines[0]).toMatch(/^dbn: internal error: disk on fire/);
      if (debug) expect(stderr.text).toMatch(/\n\s+at /);
      else expect(stderr.lines).toHaveLength(1);
    }
  });
});
