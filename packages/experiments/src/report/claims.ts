// The study's claims, keyed by experiment name: the fallback when a summary.json carries no
// `study: { ref, claim }`. Taken from the study text (French; paraphrased in English here).
// Browser-safe.
import type { ReportSummary, StudyClaim } from './summary.js';

/**
 * Published AIS test log-likelihoods (nats per image) of 500-hidden RBMs on binarised MNIST, by
 * ais-mnist point id — the fallback when a summary carries no `study.reference`: CD-25's
 * −86.34 (Salakhutdinov & Murray, 2008).
 */
export const PUBLISHED_AIS_MNIST: Readonly<Record<string, number>> = Object.freeze({
  cd25: -86.34,
});

/** The study's claim for each experiment of docs/0002-experiments.md. */
export const STUDY_CLAIMS: Readonly<Record<string, StudyClaim>> = Object.freeze({
  fig2: {
    ref: 'Figure 2, §1.1',
    claim:
      "Every RBM parameter visibly changes how well the character 'A' is generated: q = 10 and " +
      'q = 10000 reproduce it badly, so the ideal hidden size lies between q = 100 and q = 1000 ' +
      '(base: q = 200, batch 5, lr 0.1, 20 epochs, 50 Gibbs steps).',
  },
  fig3: {
    ref: 'Figure 3, §1.1.1',
    claim:
      "For the character '0' the best generations are at q = 320, 500 and 1000, yet the final " +
      'reconstruction error (EQM) keeps falling as q grows — from 0.27668 at q = 1 to 0.00016 at ' +
      'q = 100000, whose image is the worst — so that error is not a good indicator of generation quality.',
  },
  fig4: {
    ref: 'Figure 4, §1.1.2',
    claim:
      'With q = 500 hidden units, from 4 characters on (2, 4, B, Z, …) the RBM struggles to ' +
      'generate a clearly identifiable character: its learning limit is 3 characters.',
  },
  fig5: {
    ref: 'Figure 5, §1.2.1',
    claim:
      "DBN depth (L = 2 … 1000 layers of 500 units, character 'W') has almost no visible impact: " +
      'quality starts to degrade at L = 500 and 1000, but the character stays recognisable.',
  },
  fig6: {
    ref: 'Figure 6, §1.2.2',
    claim:
      "For a 5-layer DBN (character 'F'), the best number of units per layer lies between q = 100 " +
      "and q = 1000; below 100 and above 1000 the 'F' is not clearly identifiable.",
  },
  fig7: {
    ref: 'Figure 7, §1.2.3',
    claim:
      'A DBN (L = 5, q = 500) generates recognisable images for up to 5 characters, better than ' +
      "the RBM's 3.",
  },
  fig8: {
    ref: 'Figure 8, §2',
    claim:
      "MNIST images are binarised with threshold 128 (a pixel is 1 iff it is > 128): digits '5', " +
      "'0', '4', '1' in grey above, binarised below.",
  },
  fig9: {
    ref: 'Figure 9, §2.1',
    claim:
      'The pretrained network has a lower test error than the randomly initialised one, but the ' +
      'gap shrinks as layers are added (2–9 layers of 200 units, 10000 training examples); the ' +
      'best depth is about 2 or 4 pretrained, 6 or 7 random.',
  },
  fig10: {
    ref: 'Figure 10, §2.2',
    claim:
      'The pretrained network is clearly better, and the gap decreases as units per layer grow ' +
      '(2 layers of 100–800 units, 10000 training examples); the best width is about 200–400 ' +
      'pretrained, 600 random.',
  },
  fig11: {
    ref: 'Figure 11, §2.3',
    claim:
      'The pretrained network is better at every training size (1000 – 60000 examples, 2 × 200), ' +
      'and the test error decreases as the training set grows; both are best at 60000.',
  },
  'capacity-rbm': {
    ref: 'Figure 4, §1.1.2',
    claim:
      'An RBM with q = 500 hidden units generates clearly identifiable characters for up to 3 ' +
      'characters (2, 4, B); from the 4th on it struggles (judged by eye in the study).',
  },
  'capacity-dbn': {
    ref: 'Figure 7, §1.2.3',
    claim:
      'A DBN (L = 5, q = 500) generates recognisable images for up to 5 characters, better than ' +
      "the RBM's 3 (judged by eye in the study).",
  },
  'ais-mnist': {
    ref: 'Salakhutdinov & Murray (2008)',
    claim:
      'A 500-hidden RBM trained on binarised MNIST with CD-25 reaches an AIS-estimated test ' +
      'log-likelihood of about −86.34 nats per image; CD-1 training gives a markedly worse model.',
    reference: { metric: 'logLikelihood', values: PUBLISHED_AIS_MNIST },
  },
  table1: {
    ref: 'Table 1, §2.4',
    claim:
      'Among pretrained networks of 2 or 4 layers of 200, 300 or 400 units trained on 60000 ' +
      'examples, 4 × 400 is best, with a test error of about 1.5 %.',
  },
});

/**
 * The study's by-eye capacities: the number of characters an RBM (Figure 4) and a DBN
 * (Figure 7) generate recognisably, by model kind.
 */
export const STUDY_CAPACITY: Readonly<Record<'rbm' | 'dbn', number>> = Object.freeze({
  rbm: 3,
  dbn: 5,
});

/** Figure 3's EQM values as printed in the study (q → final reconstruction error). */
export const STUDY_FIG3_EQM: readonly { readonly q: number; readonly error: number }[] =
  Object.freeze([
    { q: 1, error: 0.27668 },
    { q: 10, error: 0.17965 },
    { q: 100, error: 0.03221 },
    { q: 320, error: 0.00938 },
    { q: 500, error: 0.00288 },
    { q: 1000, error: 0.00208 },
    { q: 10000, error: 0.00032 },
    { q: 100000, error: 0.00016 },
  ]);

/** Table 1's best configuration and its test error (a fraction) as stated in the study. */
export const STUDY_TABLE1_BEST: { readonly architecture: string; readonly testErrorRate: number } =
  Object.freeze({ architecture: '4 × 400', testErrorRate: 0.015 });

/** Where an experiment's claim came from: its summary.json, this file, or nowhere. */
export interface ResolvedClaim extends StudyClaim {
  readonly source: 'summary' | 'claims-table' | 'none';
}

/**
 * The claim to show for an experiment: `summary.study` when present, else {@link STUDY_CLAIMS}
 * by name, else an explicit "no claim recorded".
 */
export function claimFor(summary: Pick<ReportSummary, 'experiment' | 'study'>): ResolvedClaim {
  if (typeof summary !== 'object' || summary === null || typeof summary.experiment !== 'string') {
    throw new TypeError(`claimFor: summary must have an experiment name, got ${String(summary)}`);
  }
  if (summary.study !== undefined) return { ...summary.study, source: 'summary' };
  const known = Object.hasOwn(STUDY_CLAIMS, summary.experiment)
    ? STUDY_CLAIMS[summary.experiment]
    : undefined;
  if (known !== undefined) return { ...known, source: 'claims-table' };
  return { ref: '', claim: 'No study claim is recorded for this experiment.', source: 'none' };
}
