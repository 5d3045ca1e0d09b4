// The browser-safe part of the report layer (no Node imports): parsing summaries, aggregating,
// verdicts, chart specs, SVG rendering, mosaics, tables and the report document. The web viewer
// imports this; Node code can use ./index.ts, which adds file reading and writeReport.
export * from './aggregate.js';
export * from './capacity.js';
export * from './charts.js';
export * from './claims.js';
export * from './document.js';
export * from './errors.js';
export * from './format.js';
export * from './kind.js';
export * from './likelihood.js';
export * from './mosaic.js';
export * from './prefix-svg-ids.js';
export * from './quality-caption.js';
export * from './render-svg.js';
export * from './settings.js';
export * from './stats.js';
export * from './summary.js';
export * from './sweep.js';
export * from './table.js';
export * from './verdict.js';
