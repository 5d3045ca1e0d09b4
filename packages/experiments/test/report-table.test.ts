import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { metricsTable, type Table, table1, tableHtml, tableMarkdown } from '../src/report/table.js';
import { result } from './fixtures/report/points.js';

describe('tableMarkdown / tableHtml', () => {
  const t: Table = {
    caption: 'Caption | x',
    columns: [{ title: 'Name' }, { title: 'Value', align: 'right' }],
    rows: [
      [{ text: 'a|b' }, { text: '1.50', value: 1.5 }],
      [
        { text: '<best>', strong: true },
        { text: '0.25', value: 0.25, strong: true },
      ],
    ],
  };

  it('renders GFM with alignment, escaping and bold', () => {
    expect(tableMarkdown(t)).toBe(
      '*Caption \\| x*\n\n| Name | Value |\n| --- | ---: |\n| a\\|b | 1.50 |\n| **\\<best\\>** | **0.25** |\n',
    );
  });

  it('renders HTML with data-value on numbers, escaped text and a caption', () => {
    const html = tableHtml(t);
    expect(html).toContain('<caption>Caption | x</caption>');
    expect(html).toContain('<th class="num">Value</th>');
    expect(html).toContain('<td class="num" data-value="1.5">1.50</td>');
    expect(html).toContain('<td><strong>&lt;best&gt;</strong></td>');
  });

  it('rejects a row of the wrong width, naming it', () => {
    const bad = { ...t, rows: [[{ text: 'x' }]] };
    expect(() => tableHtml(bad)).toThrow(/table\.rows\[0\] must have 2 cells, got 1/);
  });
});

describe('table1', () => {
  it('lists architecture, test error % and pretrained, the lowest in bold, seeds when several', () => {
    const points = aggregatePoints([
      result('2x200', { hidden: [200, 200], pretrain: true }, { testErrorRate: 0.021 }, 0),
      result('2x200', { hidden: [200, 200], pretrain: true }, { testErrorRate: 0.023 }, 1),
      result('4x400', { hidden: [400, 400, 400, 400], pretrain: true }, { testErrorRate: 0.0152 }),
      result(
        '4x300',
        { hidden: [300, 300, 300, 300], pretrain: false },
        { error: { kind: 'diverged', message: '' } },
      ),
    ]);
    const t = table1(points);
    expect(t.columns.map((c) => c.title)).toEqual([
      'Configuration',
      'Test error (%)',
      'Pretrained',
      'Seeds',
    ]);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['2 × 200', '2.20 ± 0.14', 'yes', '2'],
      ['4 × 400', '1.52', 'yes', '1'],
      ['4 × 300', '—', 'no', '0'],
    ]);
    expect(t.rows[0]![1]!.value).toBeCloseTo(2.2, 12);
    expect(t.rows[1]!.every((c) => c.strong)).toBe(true);
    expect(t.rows[0]!.some((c) => c.strong)).toBe(false);
  });
});

describe('metricsTable', () => {
  it('shows only the metrics some point has, with a status column when a run failed', () => {
    const points = aggregatePoints([
      result(
        'a',
        {},
        { reconstructionError: 0.00016, layerReconstructionErrors: [0.01, 0.02, 0.03] },
        0,
        { label: 'L = 3', seconds: 4 },
      ),
      result('b', {}, { error: { kind: 'out-of-memory', message: 'x' } }, 0, { label: 'L = 1000' }),
    ]);
    const t = metricsTable(points, 'cap');
    expect(t.columns.map((c) => c.title)).toEqual([
      'Point',
      'Seeds',
      'Reconstruction error',
      'Per-layer error',
      'Seconds',
      'Status',
    ]);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['L = 3', '1', '1.60e-4', '0.01 → 0.03 (3 layers)', '4', 'ok'],
      ['L = 1000', '0', '—', '—', '—', 'FAILED 1 of 1: out-of-memory'],
    ]);
    expect(t.rows[0]![2]!.value).toBe(0.00016);
    const dnn = metricsTable(
      aggregatePoints([result('d', {}, { testErrorRate: 0.1, trainErrorRate: 0.05 })]),
      'c',
    );
    expect(dnn.columns.map((c) => c.title)).toEqual([
      'Point',
      'Seeds',
      'Test error (%)',
      'Train error (%)',
    ]);
    expect(dnn.rows[0]!.map((c) => c.text)).toEqual(['d', '1', '10.00', '5.00']);
  });

  it('puts the study’s reference value next to the measured one', () => {
    const points = aggregatePoints([
      result('q1', {}, { reconstructionError: 0.25 }),
      result('q2', {}, { reconstructionError: 0.1 }),
    ]);
    const t = metricsTable(points, 'c', { metric: 'reconstructionError', values: { q1: 0.27668 } });
    expect(t.columns.map((c) => c.title)).toEqual([
      'Point',
      'Seeds',
      'Reconstruction error',
      'Study',
    ]);
    expect(t.rows.map((r) => [r[3]!.text, r[3]!.value])).toEqual([
      ['0.277', 0.27668],
      ['—', undefined],
    ]);
    const dnn = aggregatePoints([result('4x400', {}, { testErrorRate: 0.02 })]);
    const pct = metricsTable(dnn, 'c', { metric: 'testErrorRate', values: { '4x400': 0.015 } });
    expect(pct.columns.map((c) => c.title)).toEqual([
      'Point',
      'Seeds',
      'Test error (%)',
      'Study (%)',
    ]);
    expect(pct.rows[0]!.map((c) => c.text)).toEqual(['4x400', '1', '2.00', '1.50']);
    expect(
      metricsTable(dnn, 'c', { metric: 'reconstructionError', values: { '4x400': 1 } }).columns,
    ).toHaveLength(3);
  });
});
