// What a command runs with: where output goes, the environment, the abort signal.
import { readFileSync } from 'node:fs';

/** Something text can be written to (a stream, or a capture in tests). */
export interface Writer {
  write(chunk: string): unknown;
  /** True for a terminal: progress is drawn as bars; otherwise it is written as plain lines. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The outside world of {@link main}; every field can be replaced in tests. */
export interface Io {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Environment variables (DBN_DATA_DIR, DBN_DEBUG, the cache variables). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborting stops training and experiments cleanly (bin.ts aborts it on Ctrl-C). */
  readonly signal: AbortSignal;
}

/** An {@link Io} with helpers shared by the commands. */
export class Context {
  constructor(readonly io: Io) {}

  get signal(): AbortSignal {
    return this.io.signal;
  }

  get env(): Io['env'] {
    return this.io.env;
  }

  /** Writes lines to stdout. */
  out(...lines: string[]): void {
    for (const line of lines) this.io.stdout.write(`${line}\n`);
  }

  /** Writes one line to stderr (progress, notices). */
  note(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  /** Writes a value as pretty JSON on stdout (`--json` output: the only thing on stdout). */
  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  get debug(): boolean {
    return this.io.env.DBN_DEBUG === '1';
  }
}

let cachedVersion: string | undefined;

/** The version of @dbn/cli (from its package.json, next to src/ and dist/). */
export function cliVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
      const v = (JSON.parse(text) as { version?: unknown }).version;
      cachedVersion = typeof v === 'string' ? v : '0.0.0';
    } catch {
      cachedVersion = '0.0.0';
    }
  }
  return cachedVersion;
}
