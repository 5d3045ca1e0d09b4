import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import {
  type ExperimentSection,
  reportHtml,
  reportMarkdown,
  statusText,
} from '../src/report/document.js';
import { metricsTable } from '../src/report/table.js';
import { result } from './fixtures/report/points.js';

const points = aggregatePoints([
  result('a', { model: 'rbm' }, { reconstructionError: 0.0123 }, 0, {
    label: 'q = <1>',
    seconds: 2,
  }),
  result('b', { model: 'rbm' }, { error: { kind: 'diverged', message: 'loss is NaN' } }, 0, {
    label: 'q = 2',
  }),
]);

const section = (over: Partial<ExperimentSection> = {}): ExperimentSection => ({
  experiment: 'fig2',
  title: 'Title & co',
  claim: { ref: 'Figure 2', claim: 'A claim with <tags>', source: 'summary' },
  kind: 'generation',
  verdict: {
    status: 'by-eye',
    summary: 'Judged by eye.',
    rule: 'None.',
    checks: [],
    facts: ['A fact.'],
  },
  settings: { shared: [['model', 'rbm']], varied: [] },
  scale: 'quick',
  points,
  tables: [metricsTable(points, 'Per point')],
  failures: [{ label: 'q = 2', rep: 0, kind: 'diverged', message: 'loss is NaN' }],
  files: { table: 'fig2/table.md' },
  ...over,
});

describe('reportHtml / reportMarkdown', () => {
  it('escapes every text, shows failures first, and embeds no scripts or external links', () => {
    const html = reportHtml([section()], { runName: 'run<1>' });
    expect(html).toContain('<title>dbn reproduction report — run&lt;1&gt;</title>');
    expect(html).toContain('<blockquote class="claim">A claim with &lt;tags&gt;</blockquote>');
    expect(html).toContain('fig2 — Title &amp; co <span class="badge by-eye">judged by eye</span>');
    expect(html.indexOf('class="failures"')).toBeLessThan(html.indexOf('class="claim"'));
    expect(html).toContain('<li><strong>q = 2</strong> (rep 0): diverged — loss is NaN</li>');
    expect(html).toContain('<td class="num" data-value="0.0123">0.0123</td>');
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    expect(html).not.toContain('<h3>Figure</h3>'); // none given
  });

  it('inlines the figure with ids prefixed per experiment, without an XML declaration', () => {
    const svg =
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>';
    const html = reportHtml([section({ figureSvg: svg })], { runName: 'r' });
    expect(html).toContain(
      '<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg"><clipPath id="exp-fig2-clip1"/><g clip-path="url(#exp-fig2-clip1)"/></svg></figure>',
    );
  });

  it('writes Markdown with relative links and the same facts', () => {
    const md = reportMarkdown(
      [section({ files: { table: 'fig2/table.md', figure: 'fig2/figure.svg' } })],
      { runName: 'r' },
    );
    expect(md).toContain('![fig2 figure](fig2/figure.svg)');
    expect(md).toContain('**Study — Figure 2:** A claim with \\<tags\\>');
    expect(md).toContain('> - q = 2 (rep 0): diverged — loss is NaN');
    expect(md).toContain(
      '| fig2 | Title & co | 2 (**1 failed**) | judged by eye | Judged by eye. |',
    );
    expect(md).toContain('- A fact.');
  });

  it('names statuses for readers and validates arguments', () => {
    expect(statusText('partly')).toBe('partly supported');
    expect(statusText('no-data')).toBe('no data');
    expect(() => statusText('x' as never)).toThrow(/status must be a VerdictStatus, got x/);
    expect(() => reportHtml([], null as never)).toThrow(/options\.runName/);
  });
});
