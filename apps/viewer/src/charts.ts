// Rendering Vega-Lite specs (the report's, from @dbn/experiments, and the point curves below)
// into the page with vega itself, as SVG.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Renders `spec` into `el` (replacing its content). */
export async function renderChart(el: HTMLElement, spec: TopLevelSpec): Promise<void> {
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container: el, hover: true });
  await view.runAsync();
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A per-epoch line chart of `field` from history records, one line per `layer` if any. */
function curveSpec(records: readonly Json[], field: string, title: string, yTitle: string) {
  const values = records
    .filter((r) => typeof r.epoch === 'number' && typeof r[field] === 'number')
    .map((r) => ({
      epoch: r.epoch as number,
      value: r[field] as number,
      layer: typeof r.layer === 'number' ? `layer ${r.layer}` : 'rbm',
    }));
  if (values.length === 0) return undefined;
  const layered = new Set(values.map((v) => v.layer)).size > 1;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 360,
    height: 200,
    data: { values },
    mark: { type: 'line', point: values.length <= 60 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } },
      ...(layered ? { color: { field: 'layer', type: 'nominal', title: null } } : {}),
    },
  } as TopLevelSpec;
}

/**
 * The training curves of one result.json's metrics: reconstruction error per epoch (RBM, DBN
 * layers, a DNN's pretraining) and a DNN's loss and accuracy per backprop epoch.
 */
export function trainingCurveSpecs(metrics: unknown): TopLevelSpec[] {
  if (!isObject(metrics)) return [];
  const history = Array.isArray(metrics.history) ? metrics.history.filter(isObject) : [];
  const pretrain = Array.isArray(metrics.pretrainHistory)
    ? metrics.pretrainHistory.filter(isObject)
    : [];
  const specs = [
    curveSpec(
      history,
      'reconstructionError',
      'Reconstruction error per epoch',
      'reconstruction error',
    ),
    curveSpec(
      pretrain,
      'reconstructionError',
      'Pretraining: reconstruction error per epoch',
      'reconstruction error',
    ),
    curveSpec(history, 'loss', 'Loss per epoch (backprop)', 'cross-entropy loss'),
    curveSpec(history, 'accuracy', 'Training accuracy per epoch', 'accuracy'),
  ];
  return specs.filter((s): s is TopLevelSpec => s !== undefined);
}
