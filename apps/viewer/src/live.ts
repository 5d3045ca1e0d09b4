// Live Gibbs sampling in the browser with @dbn/models itself, on the same random streams as the
// CLI: with seeding 'generate', step N equals `dbn generate --seed S --samples C --gibbs-steps N`;
// with seeding 'run', it equals the run's own samples.png stream (derive(seed, experiment,
// pointId, 'rep', rep) then 'sample'), so C = config.samples and N = config.gibbsSteps redraw
// samples.png exactly. Pure (no DOM): the e2e test runs it in Node too.
import { ALPHADIGITS_HEIGHT, ALPHADIGITS_WIDTH, type GreyImage, imageGrid } from '@dbn/datasets';
import { type FloatArray, type Matrix, zeros } from '@dbn/linalg';
import {
  type Dbn,
  type GibbsSampler,
  gibbsSampler,
  type Model,
  type Rbm,
  visibleProbabilities,
} from '@dbn/models';
import { derive, type Stream, stream } from '@dbn/random';

/** Which stream the chains use. */
export type Seeding =
  | { readonly kind: 'generate'; readonly seed: number }
  | {
      readonly kind: 'run';
      readonly seed: number;
      readonly experiment: string;
      readonly pointId: string;
      readonly rep: number;
    };

/** The 'sample' stream of `dbn generate` or of an experiment point (see {@link Seeding}). */
export function samplingStream(s: Seeding): Stream {
  return s.kind === 'generate'
    ? stream(s.seed).derive('sample')
    : derive(s.seed, s.experiment, s.pointId, 'rep', s.rep).derive('sample');
}

/** Height × width of a model's images: from the point's dataset, else by visible units. */
export function imageSize(visible: number, dataset?: unknown): { height: number; width: number } {
  if (dataset === 'alphadigits' || (dataset === undefined && visible === 320))
    return { height: ALPHADIGITS_HEIGHT, width: ALPHADIGITS_WIDTH };
  if (dataset === 'mnist' || visible === 784) return { height: 28, width: 28 };
  const side = Math.round(Math.sqrt(visible));
  if (side * side === visible) return { height: side, width: side };
  return { height: 1, width: visible };
}

/**
 * Gibbs chains on an RBM, or on a DBN's top RBM with a sampled down pass per frame (a fresh
 * `derive('down')` each time, as sampleDbn does once at the end: frame N = sampleDbn(N steps)).
 */
export class LiveSampler {
  private readonly chain: GibbsSampler<FloatArray>;
  private readonly below: readonly Rbm[];

  constructor(
    model: Model,
    readonly chains: number,
    private readonly rng: Stream,
  ) {
    if (model.kind === 'rbm') {
      this.chain = gibbsSampler(model, chains, rng);
      this.below = [];
    } else if (model.kind === 'dbn') {
      const layers = (model as Dbn).layers;
      this.chain = gibbsSampler(layers[layers.length - 1]!, chains, rng.derive('top'));
      this.below = layers.slice(0, -1);
    } else {
      throw new TypeError('live sampling needs an rbm or a dbn, not a dnn (a classifier)');
    }
  }

  get steps(): number {
    return this.chain.steps;
  }

  step(n = 1): void {
    this.chain.step(n);
  }

  /** The current visible images (chains × visible units), binary. */
  images(): FloatArray {
    let v: Matrix = this.chain.visible;
    if (this.below.length === 0) return v.data;
    const down = this.rng.derive('down');
    for (let l = this.below.length - 1; l >= 0; l--) {
      const rbm = this.below[l]!;
      const P = visibleProbabilities(rbm, v);
      const S = zeros(P.rows, P.cols, P.data instanceof Float64Array ? 'f64' : 'f32');
      down.bernoulli(P.data, S.data);
      v = S;
    }
    return v.data;
  }

  /** The current images as a grid, laid out as samples.png (⌈√n⌉ per row, 1 px grey padding). */
  frame(size: { height: number; width: number }): GreyImage {
    return imageGrid({ images: this.images(), count: this.chains, ...size });
  }
}
