// Running the CLI in-process with captured output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { main, type Writer } from '../src/index.js';

/** A Writer that keeps everything written to it. */
export class Capture implements Writer {
  text = '';
  readonly isTTY = false;
  /** Called after each write (tests use it to react to progress lines). */
  onWrite: ((chunk: string) => void) | undefined;

  write(chunk: string): boolean {
    this.text += chunk;
    this.onWrite?.(chunk);
    return true;
  }

  /** Non-empty lines written. */
  get lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stderrLines: string[];
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly signal?: AbortSignal;
  readonly stderr?: Capture;
}

/** `dbn ...args` in-process. */
export async function run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new Capture();
  const stderr = options.stderr ?? new Capture();
  const code = await main(['node', 'dbn', ...args], {
    stdout,
    stderr,
    env: options.env ?? { ...process.env, DBN_DEBUG: undefined },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text, stderrLines: stderr.lines };
}

const made: string[] = [];

// Every test file that imports these helpers removes its temporary directories at the end.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = 'dbn-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Asserts the shape of a bad-input failure: exit ≠ 0, exactly one line on stderr, no stack. */
export function expectOneLineFailure(r: RunResult, pattern: RegExp, code?: number): void {
  if (code === undefined) expect(r.code).not.toBe(0);
  else expect(r.code).toBe(code);
  expect(r.stderrLines, r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}
