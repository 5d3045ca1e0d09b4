import { describe, expect, it } from 'vitest';
import { compareHref, expHref, pointHref } from '../src/dom.js';
import { parseRoute } from '../src/route.js';

describe('parseRoute', () => {
  const a = { dir: 'run a/fig9', pointId: 'L2-pre', rep: 1 };
  const b = { dir: 'capacity-rbm', pointId: 'n3', rep: 0 };

  it('reads back the routes dom.ts writes', () => {
    expect(parseRoute(expHref('run a/fig9'))).toEqual({ kind: 'e', dir: 'run a/fig9' });
    expect(parseRoute(pointHref(a))).toEqual({ kind: 'p', ref: a });
    expect(parseRoute(compareHref(a, b))).toEqual({ kind: 'c', a, b });
    expect(parseRoute(compareHref(a))).toEqual({ kind: 'c', a });
    expect(parseRoute('')).toEqual({ kind: 'home' });
    expect(parseRoute('#/')).toEqual({ kind: 'home' });
  });

  it('never throws on a malformed escape typed into the address bar', () => {
    expect(() => decodeURIComponent('%E0%A4%A')).toThrow(URIError);
    expect(parseRoute('#/e/%E0%A4%A')).toEqual({ kind: 'home' });
    expect(parseRoute('#/p/fig2/%/0')).toEqual({ kind: 'home' });
    expect(parseRoute(`${compareHref(a)}/x/%zz/0`)).toEqual({ kind: 'c', a });
  });

  it('refuses a rep that is not a decimal integer', () => {
    for (const rep of ['abc', '-1', '1.5', '', '1e3', ' 2', '01'])
      expect(parseRoute(`#/p/fig2/a/${rep}`), rep).toEqual({ kind: 'home' });
    expect(parseRoute('#/c/fig2/a/x/fig2/b/2')).toEqual({
      kind: 'c',
      b: { dir: 'fig2', pointId: 'b', rep: 2 },
    });
  });
});
