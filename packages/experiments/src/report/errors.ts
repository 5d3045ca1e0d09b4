// Errors returned (as fp-ts Left) by the report layer. Browser-safe: no Node imports.

/** A file or directory the report needs is absent (a summary.json, the run directory). */
export interface ReportNotFound {
  readonly _tag: 'NotFound';
  readonly path: string;
  readonly message: string;
}

/** A summary.json that is not JSON or does not follow docs/0002-experiments.md. */
export interface ReportInvalidSummary {
  readonly _tag: 'InvalidSummary';
  readonly path: string;
  /** Where in the JSON the problem is, e.g. `results[3].metrics.testErrorRate`. */
  readonly at: string;
  readonly message: string;
}

/** Reading or writing a file failed at the operating-system level. */
export interface ReportIoError {
  readonly _tag: 'IoError';
  readonly path: string;
  readonly message: string;
}

/** A chart that vega-lite or vega could not compile or render. */
export interface ReportRenderError {
  readonly _tag: 'RenderError';
  readonly experiment: string;
  readonly message: string;
}

/** Every error of the report layer; each has a `_tag` and a one-line `message` naming the file. */
export type ReportError = ReportNotFound | ReportInvalidSummary | ReportIoError | ReportRenderError;

/** A {@link ReportInvalidSummary} whose message names the file and the JSON location. */
export function invalidSummary(path: string, at: string, why: string): ReportInvalidSummary {
  const where = at === '' ? '' : ` at ${at}`;
  return { _tag: 'InvalidSummary', path, at, message: `${path}: invalid summary${where}: ${why}` };
}
