// The hash routes of the viewer, parsed from `location.hash` (user input: any text may be typed
// or pasted into the address bar). Pure (no DOM).
import type { PointRef } from './dom.js';

/** A page of the viewer: home, an experiment, a point repetition, or the compare view. */
export type View =
  | { readonly kind: 'home' }
  | { readonly kind: 'e'; readonly dir: string }
  | { readonly kind: 'p'; readonly ref: PointRef }
  | { readonly kind: 'c'; readonly a?: PointRef; readonly b?: PointRef };

/** decodeURIComponent, or undefined for a malformed escape ("%E0%A4%A", a lone "%"). */
function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

const REP = /^(0|[1-9]\d{0,8})$/;

/**
 * The view of a location hash: `#/e/DIR`, `#/p/DIR/POINT/REP`, `#/c/DIR/POINT/REP[/DIR/POINT/REP]`
 * (segments URI-encoded as dom.ts writes them), anything else home. Never throws: a segment
 * with a malformed escape, or a rep that is not a decimal integer 0…999999999, makes the route
 * (for `c`, that side) absent — `p` and `e` fall back to home.
 */
export function parseRoute(hash: string): View {
  if (typeof hash !== 'string') throw new TypeError(`hash must be a string, got ${typeof hash}`);
  const parts = hash.replace(/^#\/?/, '').split('/').map(decode);
  const ref = (i: number): PointRef | undefined => {
    const [dir, pointId, rep] = [parts[i], parts[i + 1], parts[i + 2]];
    if (dir === undefined || pointId === undefined || rep === undefined || !REP.test(rep))
      return undefined;
    return { dir, pointId, rep: Number(rep) };
  };
  if (parts[0] === 'e' && parts[1] !== undefined) return { kind: 'e', dir: parts[1] };
  const p = parts[0] === 'p' ? ref(1) : undefined;
  if (p !== undefined) return { kind: 'p', ref: p };
  if (parts[0] === 'c') {
    const a = ref(1);
    const b = ref(4);
    return { kind: 'c', ...(a !== undefined ? { a } : {}), ...(b !== undefined ? { b } : {}) };
  }
  return { kind: 'home' };
}
