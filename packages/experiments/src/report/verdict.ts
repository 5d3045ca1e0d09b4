// Verdicts: the study's claim checked against measured numbers by a stated rule. Browser-safe.

import { architectureLabel, hiddenLayers, isPretrained, type PointAggregate } from './aggregate.js';
import { CAPACITY_CRITERION, capacityRuleText, measureCapacity } from './capacity.js';
import { PUBLISHED_AIS_MNIST, STUDY_CAPACITY, STUDY_TABLE1_BEST } from './claims.js';
import { formatNumber, plural } from './format.js';
import type { FigureKind } from './kind.js';
import { findTrainerPoint, LIKELIHOOD_TOLERANCE_NATS, nats } from './likelihood.js';
import { leastSquaresSlope } from './stats.js';
import type { StudyReference } from './summary.js';
import { type SweepAxis, type SweepRow, sweepAxisFor, sweepRows } from './sweep.js';
import { isArray } from './validate.js';

/** How the measured numbers stand against the study's claim. */
export type VerdictStatus =
  /** every checked part of the claim holds */
  | 'supported'
  /** some parts hold, some do not */
  | 'partly'
  /** no checked part holds */
  | 'not-supported'
  /** the study judged images by eye; no metric is measured, so no verdict is computed */
  | 'by-eye'
  /** no rule exists for this experiment */
  | 'not-assessed'
  /** not enough successful points to apply the rule */
  | 'no-data';

/** One checked part of a claim. */
export interface VerdictCheck {
  /** The part of the claim, e.g. "pretrained better at a majority of depths". */
  readonly claim: string;
  /** Whether it holds for the measured numbers; undefined when it could not be checked. */
  readonly holds: boolean | undefined;
  /** The measured figure behind it, e.g. "7 of 8". */
  readonly measured: string;
}

/** A verdict with its rule and the measured figures behind it. */
export interface Verdict {
  readonly status: VerdictStatus;
  /** One line for the reader: each check as "claim: yes/no (measured)", or why there is none. */
  readonly summary: string;
  /** The rule that produced the verdict, stated for the reader. */
  readonly rule: string;
  readonly checks: readonly VerdictCheck[];
  /** Further measured facts, one sentence each. */
  readonly facts: readonly string[];
}

/** A slope this close to 0 (pp per unit of x) is rounding noise of a flat line, not a trend. */
const FLAT = 1e-9;

const yesNo = (h: boolean | undefined): string => (h === undefined ? 'n/a' : h ? 'yes' : 'no');
const pp = (v: number): string => `${v >= 0 ? '+' : '−'}${formatNumber(Math.abs(v), 3)} pp`;
const pct = (v: number): string => `${v.toFixed(2)} %`;

function fromChecks(rule: string, checks: readonly VerdictCheck[], facts: string[]): Verdict {
  const known = checks.filter((c) => c.holds !== undefined);
  const held = known.filter((c) => c.holds).length;
  const status: VerdictStatus =
    known.length === 0
      ? 'no-data'
      : held === known.length
        ? 'supported'
        : held === 0
          ? 'not-supported'
          : 'partly';
  const summary = checks.map((c) => `${c.claim}: ${yesNo(c.holds)} (${c.measured})`).join('; ');
  return { status, summary, rule, checks, facts };
}

function noData(rule: string, why: string, facts: string[] = []): Verdict {
  return { status: 'no-data', summary: why, rule, checks: [], facts };
}

function failedFact(points: readonly PointAggregate[]): string[] {
  const failed = points.reduce((n, p) => n + p.failures.length, 0);
  const missing = points.reduce((n, p) => n + p.missing.length, 0);
  const be = (n: number, one: string, many: string): string => (n === 1 ? one : many);
  return [
    ...(failed === 0
      ? []
      : [
          `${plural(failed, 'run')} failed and ${be(failed, 'is', 'are')} left out (see failures).`,
        ]),
    ...(missing === 0
      ? []
      : [
          `${plural(missing, 'run')} of the sweep ${be(missing, 'has', 'have')} no result yet (not run, or run by another shard).`,
        ]),
  ];
}

function binarisationFacts(points: readonly PointAggregate[]): string[] {
  const facts: string[] = [];
  for (const p of points) {
    const b = p.reps[0]?.metrics.binarisation;
    if (b === undefined) continue;
    const on = b.onFraction.map((f) => formatNumber(f)).join(', ');
    facts.push(`${p.label}: images of ${b.labels.join(', ')}; fraction of pixels set to 1: ${on}.`);
  }
  return facts;
}

function argmin(rows: readonly SweepRow[]): SweepRow | undefined {
  let best: SweepRow | undefined;
  for (const r of rows)
    if (best === undefined || r.errorPercent.mean < best.errorPercent.mean) best = r;
  return best;
}

/**
 * Figures 9–11. Rule: at each x with both initialisations, compare mean test errors (over
 * seeds); "pretrained better" holds when it is lower at a majority (k > n/2) of those x. Depth
 * and width: "the gap shrinks" holds when the least-squares slope of gap = random − pretrained
 * (pp) against x is negative. Training size: "error falls with more data" holds when the slope
 * of each initialisation's mean error against log10(size) is negative.
 */
export function sweepVerdict(points: readonly PointAggregate[], axis: SweepAxis): Verdict {
  const rows = sweepRows(points, axis);
  const noun = axis.plural;
  const size = axis.name === 'trainSize';
  const rule =
    `Mean test error over seeds at each of the ${noun} run with both initialisations; "pretrained better" ` +
    `holds at a majority (k > n/2) of them. ${
      size
        ? "The error falls with more data when the least-squares slope of each initialisation's error against log10(training size) is negative."
        : `The gap (random − pretrained) shrinks when its least-squares slope against ${axis.noun} is negative.`
    }`;
  const pre = new Map(rows.filter((r) => r.init === 'pretrained').map((r) => [r.x, r]));
  const rnd = new Map(rows.filter((r) => r.init === 'random').map((r) => [r.x, r]));
  const xs = [...pre.keys()].filter((x) => rnd.has(x)).sort((a, b) => a - b);
  const facts = failedFact(points);
  for (const [name, m] of [
    ['pretrained', pre],
    ['random', rnd],
  ] as const) {
    const best = argmin([...m.values()]);
    if (best !== undefined) {
      facts.push(`Lowest ${name} error: ${pct(best.errorPercent.mean)} at ${axis.at(best.x)}.`);
    }
  }
  if (xs.length === 0) {
    return noData(rule, `No ${axis.noun} value has results for both initialisations.`, facts);
  }
  const gaps = xs.map((x) => rnd.get(x)!.errorPercent.mean - pre.get(x)!.errorPercent.mean);
  const k = gaps.filter((g) => g > 0).length;
  const checks: VerdictCheck[] = [
    {
      claim: `pretrained better at a majority of ${noun}`,
      holds: k > xs.length / 2,
      measured: `${k} of ${xs.length}`,
    },
  ];
  if (!size) {
    const slope = xs.length >= 2 ? leastSquaresSlope(xs, gaps) : undefined;
    checks.push({
      claim: `gap (random − pretrained) shrinks with ${axis.name}`,
      holds: slope === undefined ? undefined : slope < -FLAT,
      measured:
        slope === undefined
          ? 'needs two values'
          : `${pp(gaps[0]!)} at ${axis.at(xs[0]!)} → ${pp(gaps[gaps.length - 1]!)} at ${axis.at(xs[xs.length - 1]!)}; slope ${pp(slope).replace(' pp', '')} ${axis.slopeUnit}`,
    });
  } else {
    for (const [name, m] of [
      ['pretrained', pre],
      ['random', rnd],
    ] as const) {
      const cells = [...m.values()].sort((a, b) => a.x - b.x);
      const slope =
        cells.length >= 2
          ? leastSquaresSlope(
              cells.map((c) => Math.log10(c.x)),
              cells.map((c) => c.errorPercent.mean),
            )
          : undefined;
      checks.push({
        claim: `${name} error falls with more data`,
        holds: slope === undefined ? undefined : slope < -FLAT,
        measured:
          slope === undefined
            ? 'needs two sizes'
            : `${pct(cells[0]!.errorPercent.mean)} at ${axis.at(cells[0]!.x)} → ${pct(cells[cells.length - 1]!.errorPercent.mean)} at ${axis.at(cells[cells.length - 1]!.x)}; slope ${pp(slope).replace(' pp', '')} ${axis.slopeUnit}`,
      });
    }
  }
  return fromChecks(rule, checks, facts);
}

/**
 * Table 1. Rule: the best configuration is the lowest mean test error; it agrees with the study
 * when it is 4 × 400 and its error is within 0.5 percentage points of 1.5 %.
 */
export function bestConfigurationVerdict(points: readonly PointAggregate[]): Verdict {
  const study = STUDY_TABLE1_BEST;
  const studyPct = study.testErrorRate * 100;
  const rule =
    `The best configuration has the lowest mean test error over seeds; it matches the study when it is ` +
    `${study.architecture} and its error is within 0.5 pp of ${pct(studyPct)}.`;
  const facts = failedFact(points);
  const rated = points.filter((p) => p.testErrorRate !== undefined && hiddenLayers(p.config));
  if (rated.length === 0) return noData(rule, 'No configuration has a measured test error.', facts);
  const best = rated.reduce((a, b) => (b.testErrorRate!.mean < a.testErrorRate!.mean ? b : a));
  const arch = architectureLabel(hiddenLayers(best.config)!);
  const bestPct = best.testErrorRate!.mean * 100;
  const init = isPretrained(best.config) ? 'pretrained' : 'random';
  facts.push(
    `Best: ${arch} (${init}) at ${pct(bestPct)} over ${plural(best.testErrorRate!.n, 'seed')}.`,
  );
  return fromChecks(
    rule,
    [
      {
        claim: `best configuration is ${study.architecture}`,
        holds: arch === study.architecture,
        measured: arch,
      },
      {
        claim: `its error is within 0.5 pp of ${pct(studyPct)}`,
        holds: Math.abs(bestPct - studyPct) <= 0.5,
        measured: `${pct(bestPct)}, ${pp(bestPct - studyPct)}`,
      },
    ],
    facts,
  );
}

/**
 * Figure 3. Rule: sort points by q = hidden[0]; the claim "reconstruction error falls as q
 * grows" holds when the mean final error strictly decreases at every step. The visual claim
 * (best images at q = 320–1000) was judged by eye and is not checked.
 */
export function reconstructionVsQVerdict(points: readonly PointAggregate[]): Verdict {
  const rule =
    'Points sorted by q; "falls as q grows" holds when the mean final reconstruction error strictly ' +
    'decreases at every step. The study judged image quality by eye; that part is not checked.';
  const facts = failedFact(points);
  const rows = points
    .filter((p) => p.reconstructionError !== undefined && hiddenLayers(p.config)?.length)
    .map((p) => ({ q: hiddenLayers(p.config)![0]!, e: p.reconstructionError!.mean }))
    .sort((a, b) => a.q - b.q);
  if (rows.length < 2)
    return noData(rule, 'Fewer than two values of q have a reconstruction error.', facts);
  let down = 0;
  for (let i = 1; i < rows.length; i++) if (rows[i]!.e < rows[i - 1]!.e) down++;
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  facts.push(
    'The study judged generation quality by eye (best at q = 320, 500, 1000): compare the mosaic.',
  );
  return fromChecks(
    rule,
    [
      {
        claim: 'reconstruction error falls as q grows',
        holds: down === rows.length - 1,
        measured: `${down} of ${rows.length - 1} steps down; ${formatNumber(first.e)} at q = ${first.q} → ${formatNumber(last.e)} at q = ${last.q}`,
      },
    ],
    facts,
  );
}

/**
 * Figures 2, 4–7 (and capacity experiments): the study judged generated images by eye, so no
 * verdict is computed; the facts give the range of final reconstruction errors measured.
 */
export function byEyeVerdict(experiment: string, points: readonly PointAggregate[]): Verdict {
  const capacity =
    experiment === 'fig4' || experiment === 'fig7' || experiment.startsWith('capacity');
  const measured = points.some((p) => p.recognised !== undefined);
  const summary = capacity
    ? `The study judged capacity by eye (RBM: 3 characters, DBN: 5); ${measured ? 'this experiment has no capacity rule (the capacity-rbm and capacity-dbn experiments have one): the measured quality is under each image' : 'no recognisability metric is measured yet, so no verdict is computed'} — compare the mosaic.`
    : `The study judged these generations by eye; ${measured ? 'no verdict rule exists for them: the measured quality is under each image' : 'no quality metric is measured, so no verdict is computed'} — compare the mosaic.`;
  const facts = failedFact(points);
  const scored = points.filter((p) => p.recognised !== undefined);
  if (scored.length > 0) {
    const lo = scored.reduce((a, b) => (b.recognised!.mean < a.recognised!.mean ? b : a));
    const hi = scored.reduce((a, b) => (b.recognised!.mean > a.recognised!.mean ? b : a));
    facts.push(
      lo === hi
        ? `Recognised fraction of generated samples: ${percentText(lo.recognised!.mean)} for ${lo.label}.`
        : `Recognised fraction of generated samples: lowest ${percentText(lo.recognised!.mean)} for ${lo.label}, highest ${percentText(hi.recognised!.mean)} for ${hi.label}.`,
    );
  }
  const rated = points.filter((p) => p.reconstructionError !== undefined);
  if (rated.length > 0) {
    const lo = rated.reduce((a, b) =>
      b.reconstructionError!.mean < a.reconstructionError!.mean ? b : a,
    );
    const hi = rated.reduce((a, b) =>
      b.reconstructionError!.mean > a.reconstructionError!.mean ? b : a,
    );
    facts.push(
      `Final reconstruction error: lowest ${formatNumber(lo.reconstructionError!.mean)} for ${lo.label}, highest ${formatNumber(hi.reconstructionError!.mean)} for ${hi.label}.`,
    );
  }
  return {
    status: 'by-eye',
    summary,
    rule: 'None: judged by eye in the study.',
    checks: [],
    facts,
  };
}

const percentText = (v: number): string => `${formatNumber(v * 100)} %`;

/** The model of a capacity sweep: the points' `config.model`, else the experiment's suffix. */
function capacityModel(
  experiment: string,
  points: readonly PointAggregate[],
): 'rbm' | 'dbn' | undefined {
  const models = new Set(
    points.map((p) => p.config.model).filter((m): m is string => typeof m === 'string'),
  );
  if (models.size === 1) {
    const m = [...models][0];
    if (m === 'rbm' || m === 'dbn') return m;
    return undefined;
  }
  if (models.size > 1) return undefined;
  if (experiment.endsWith('-rbm')) return 'rbm';
  if (experiment.endsWith('-dbn')) return 'dbn';
  return undefined;
}

/**
 * capacity-rbm / capacity-dbn (issue #7). Rule: {@link capacityRuleText} — the characters learnt
 * by {@link measureCapacity} under {@link CAPACITY_CRITERION}, compared with the study's by-eye
 * number ({@link STUDY_CAPACITY}: RBM 3, DBN 5); they agree within
 * `CAPACITY_CRITERION.agreeWithin` characters. A capacity the data do not decide (a failed,
 * missing or unscored point before the first failing count, or every swept count passing
 * while the study's number + tolerance lies beyond the sweep) is `no-data`, never a number.
 */
export function capacityVerdict(experiment: string, points: readonly PointAggregate[]): Verdict {
  if (typeof experiment !== 'string') {
    throw new TypeError(`capacityVerdict: experiment must be a string, got ${typeof experiment}`);
  }
  if (!isArray(points))
    throw new TypeError(`capacityVerdict: points must be an array, got ${typeof points}`);
  const rule = capacityRuleText();
  const m = measureCapacity(points);
  const facts = failedFact(points);
  const judged = m.rows
    .filter((r) => r.status !== 'no-data')
    .map(
      (r) =>
        `n = ${r.x} ${r.status === 'learnt' ? '✓' : '✗'} (recognised ${percentText(r.recognised!.mean)}, coverage ${formatNumber(r.coverage!.mean)}/${r.x})`,
    );
  if (judged.length > 0)
    facts.unshift(`Per number of characters (means over seeds): ${judged.join(', ')}.`);
  if (m.passesAbove.length > 0) {
    facts.push(
      `Not monotone: ${m.passesAbove.map((x) => `n = ${x}`).join(', ')} ${m.passesAbove.length === 1 ? 'meets' : 'meet'} the criterion again above the capacity; the capacity counts only unbroken success from the smallest n.`,
    );
  }
  const model = capacityModel(experiment, points);
  const study = model === undefined ? undefined : STUDY_CAPACITY[model];
  const tol = CAPACITY_CRITERION.agreeWithin;
  if (m.capacity === undefined) {
    const bound = `at least ${plural(m.atLeast, 'character')}`;
    // Every swept count passes and the bound already exceeds the study's number + tolerance.
    if (study !== undefined && m.beyondSweep && m.atLeast > study + tol) {
      return fromChecks(
        rule,
        [
          {
            claim: `characters learnt agree with the study's ${study} (±${tol})`,
            holds: false,
            measured: `${bound}: ${m.undecided}`,
          },
        ],
        facts,
      );
    }
    return noData(
      rule,
      `Not enough data to measure the capacity (${bound} so far): ${m.undecided ?? 'no point judged'}.`,
      facts,
    );
  }
  const learnt = plural(m.capacity, 'character');
  if (study === undefined) {
    return {
      status: 'not-assessed',
      summary: `Measured capacity: ${learnt}; no study number is recorded for this model.`,
      rule,
      checks: [],
      facts,
    };
  }
  return fromChecks(
    rule,
    [
      {
        claim: `characters learnt agree with the study's ${study} (±${tol})`,
        holds: Math.abs(m.capacity - study) <= tol,
        measured: `measured ${learnt}, study ${study}`,
      },
    ],
    facts,
  );
}

/**
 * ais-mnist (issue #7). Rule: CD-25's mean test log-likelihood (over seeds) agrees with the
 * published value (`reference.values.cd25`, else {@link PUBLISHED_AIS_MNIST}) when within
 * {@link LIKELIHOOD_TOLERANCE_NATS} nats; "CD-1 is worse than CD-25" holds when CD-1's mean is
 * lower, as published. A point without a measured likelihood leaves its check undecided.
 */
export function likelihoodVerdict(
  points: readonly PointAggregate[],
  reference?: StudyReference,
): Verdict {
  if (!isArray(points))
    throw new TypeError(`likelihoodVerdict: points must be an array, got ${typeof points}`);
  if (
    reference !== undefined &&
    (typeof reference !== 'object' || reference === null || typeof reference.values !== 'object')
  ) {
    throw new TypeError(
      `likelihoodVerdict: reference must be { metric, values }, got ${String(reference)}`,
    );
  }
  const values =
    reference !== undefined && reference.metric === 'logLikelihood'
      ? reference.values
      : PUBLISHED_AIS_MNIST;
  const published = (id: string): number | undefined =>
    Object.hasOwn(values, id) ? values[id] : undefined;
  const tol = LIKELIHOOD_TOLERANCE_NATS;
  const ref25 = published('cd25');
  const rule =
    `Mean test log-likelihood per image over seeds (AIS). CD-25 agrees with the published ` +
    `${ref25 === undefined ? 'value' : `${nats(ref25)} nats`} when within ${tol} nats — well above AIS's ` +
    `±3σ error (tenths of a nat) and the spread between published trainings that differ only in schedule, well below the tens of ` +
    `nats between CD-1 and CD-25. "CD-1 is worse than CD-25" holds when CD-1's mean is lower, as published.`;
  const facts = failedFact(points);
  const cd25 = findTrainerPoint(points, 'cd25');
  const cd1 = findTrainerPoint(points, 'cd1');
  for (const p of points) {
    if (p.meanLogLikelihood === undefined) continue;
    const pub = published(p.pointId);
    facts.push(
      `${p.label}: ${nats(p.meanLogLikelihood.mean)} nats${pub === undefined ? '' : ` (published ${nats(pub)}, Δ ${nats(p.meanLogLikelihood.mean - pub, true)})`}.`,
    );
  }
  const m25 = cd25?.meanLogLikelihood?.mean;
  const m1 = cd1?.meanLogLikelihood?.mean;
  return fromChecks(
    rule,
    [
      {
        claim: `CD-25 within ${tol} nats of the published ${ref25 === undefined ? 'value' : nats(ref25)}`,
        holds: m25 === undefined || ref25 === undefined ? undefined : Math.abs(m25 - ref25) <= tol,
        measured:
          m25 === undefined
            ? 'no CD-25 log-likelihood measured'
            : ref25 === undefined
              ? `${nats(m25)} nats; no published value`
              : `${nats(m25)} nats, Δ ${nats(m25 - ref25, true)}`,
      },
      {
        claim: 'CD-1 worse than CD-25, as published',
        holds: m25 === undefined || m1 === undefined ? undefined : m1 < m25,
        measured:
          m25 === undefined || m1 === undefined
            ? `needs both (CD-1 ${m1 === undefined ? 'missing' : nats(m1)}, CD-25 ${m25 === undefined ? 'missing' : nats(m25)})`
            : `CD-1 ${nats(m1)} vs CD-25 ${nats(m25)} nats`,
      },
    ],
    facts,
  );
}

/** Options of {@link verdictFor}. */
export interface VerdictOptions {
  /** The swept variable of a line-chart kind (default {@link sweepAxisFor}(kind)). */
  readonly axis?: SweepAxis;
  /** The summary's `study.reference` (the `likelihood` kind compares with its values). */
  readonly reference?: StudyReference;
}

/**
 * The verdict of an experiment by its figure kind (see {@link figureKind}); an experiment with no
 * successful point is `no-data`.
 */
export function verdictFor(
  experiment: string,
  kind: FigureKind,
  points: readonly PointAggregate[],
  options: VerdictOptions = {},
): Verdict {
  if (typeof experiment !== 'string') {
    throw new TypeError(`verdictFor: experiment must be a string, got ${typeof experiment}`);
  }
  if (!isArray(points))
    throw new TypeError(`verdictFor: points must be an array, got ${typeof points}`);
  const ok = points.reduce((n, p) => n + p.reps.length, 0);
  if (ok === 0) {
    const failed = points.reduce((n, p) => n + p.failures.length, 0);
    return noData(
      '',
      `No successful point${failed > 0 ? `: ${failed} failed — see failures` : ''}.`,
      failedFact(points),
    );
  }
  switch (kind) {
    case 'error-vs-depth':
    case 'error-vs-width':
    case 'error-vs-train-size':
    case 'error-vs-chars':
      return sweepVerdict(points, options.axis ?? sweepAxisFor(kind)!);
    case 'best-configuration':
      return bestConfigurationVerdict(points);
    case 'reconstruction-vs-q':
      return reconstructionVsQVerdict(points);
    case 'generation':
      return byEyeVerdict(experiment, points);
    case 'capacity':
      return capacityVerdict(experiment, points);
    case 'likelihood':
      return likelihoodVerdict(points, options.reference);
    case 'binarisation':
      return {
        status: 'by-eye',
        summary: 'An illustration, not a claim to test: compare the grey and binarised panels.',
        rule: 'None: an illustration.',
        checks: [],
        facts: [...binarisationFacts(points), ...failedFact(points)],
      };
    case 'metrics':
      return {
        status: 'not-assessed',
        summary: 'No verdict rule exists for this experiment; the measured figures are below.',
        rule: 'None.',
        checks: [],
        facts: failedFact(points),
      };
    default: {
      const never: never = kind;
      throw new RangeError(`verdictFor: kind must be a FigureKind, got ${String(never)}`);
    }
  }
}
