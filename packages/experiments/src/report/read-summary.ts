// Reading one experiment's summary.json from a run directory (Node only).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { ReportError } from './errors.js';
import { parseSummary, type ReportSummary } from './summary.js';

const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The path of `<runDir>/<experiment>/summary.json`. */
export function summaryPath(runDir: string, experiment: string): string {
  if (typeof runDir !== 'string' || runDir === '') {
    throw new TypeError(`summaryPath: runDir must be a non-empty string, got ${String(runDir)}`);
  }
  if (typeof experiment !== 'string' || !EXPERIMENT_NAME.test(experiment)) {
    throw new RangeError(
      `summaryPath: experiment must be a name like "fig9" (letters, digits, . _ -), got ${JSON.stringify(experiment)}`,
    );
  }
  return join(runDir, experiment, 'summary.json');
}

/**
 * Reads and checks `<runDir>/<experiment>/summary.json`. A missing file is a Left `NotFound`, an
 * unreadable one `IoError`, bad JSON or a shape off the contract `InvalidSummary`; every message
 * names the file.
 */
export async function readReportSummary(
  runDir: string,
  experiment: string,
): Promise<E.Either<ReportError, ReportSummary>> {
  const path = summaryPath(runDir, experiment);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return E.left({
        _tag: 'NotFound',
        path,
        message: `${path}: no such file (experiment "${experiment}" has no summary)`,
      });
    }
    const why = e instanceof Error ? e.message : String(e);
    return E.left({ _tag: 'IoError', path, message: `${path}: cannot read: ${why}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return E.left({
      _tag: 'InvalidSummary',
      path,
      at: '',
      message: `${path}: not valid JSON: ${why}`,
    });
  }
  return parseSummary(json, { path, experiment });
}
