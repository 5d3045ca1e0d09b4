// Public API of the report layer: everything in ./browser.ts plus reading summary.json files
// and writeReport (Node only).
export * from './browser.js';
export * from './read-summary.js';
export * from './write-report.js';
