import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const COMMANDS = [
  ['train'],
  ['generate'],
  ['eval'],
  ['export'],
  ['data'],
  ['data', 'info'],
  ['data', 'fetch'],
  ['experiment'],
  ['reproduce'],
  ['merge'],
  ['view'],
];

describe('--help', () => {
  it('lists every command with examples', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: dbn /);
    for (const [c] of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    expect(r.stdout).toMatch(/Examples:\n {2}\$ dbn /);
  });

  it.each(COMMANDS)('dbn %s … --help shows usage, options and examples', async (...cmd) => {
    const r = await run([...cmd.filter((c) => c !== undefined), '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: dbn ${cmd.filter(Boolean).join(' ')}\\b`));
    expect(r.stdout).toMatch(/\nExamples:\n/);
    expect(r.stdout).toMatch(new RegExp(`\\$ dbn ${cmd[0]}\\b`));
  });

  it('train --help documents the options of the study', async () => {
    const r = await run(['train', '--help']);
    for (const flag of [
      '--data',
      '--chars',
      '--train-size',
      '--test-size',
      '--hidden',
      '--epochs',
      '--batch-size',
      '--lr',
      '--k',
      '--gibbs-steps',
      '--samples',
      '--pretrain',
      '--epochs-rbm',
      '--data-dir',
      '--threshold',
      '--seed',
      '--out',
      '--json',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('help COMMAND equals COMMAND --help', async () => {
    const a = await run(['help', 'train']);
    const b = await run(['train', '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
