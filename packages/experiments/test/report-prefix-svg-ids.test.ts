import { describe, expect, it } from 'vitest';
import { prefixSvgIds } from '../src/report/prefix-svg-ids.js';

describe('prefixSvgIds', () => {
  it('prefixes ids and their url(#…) and href="#…" references', () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/><use xlink:href="#clip1"/></g></svg>';
    expect(prefixSvgIds(svg, 'fig9')).toBe(
      '<svg><defs><clipPath id="fig9-clip1"><rect/></clipPath></defs><g clip-path="url(#fig9-clip1)"><use href="#fig9-clip1"/><use xlink:href="#fig9-clip1"/></g></svg>',
    );
  });

  it('leaves other attributes alone and validates the prefix', () => {
    expect(prefixSvgIds('<g data-id="x" grid="1"/>', 'p')).toBe('<g data-id="x" grid="1"/>');
    expect(() => prefixSvgIds('<svg/>', '1bad')).toThrow(
      /prefix must be an id-safe name, got "1bad"/,
    );
    expect(() => prefixSvgIds(3 as never, 'p')).toThrow(TypeError);
  });
});
