// Small DOM and URL helpers shared by the views.

/** A child of {@link h}: absent parts (undefined, false) are skipped. */
export type Child = Node | string | undefined | false;

/** A DOM element with attributes and children. */
export function h(
  tag: string,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** Replaces `el`'s content with `children`, skipping absent parts. */
export function fill(el: HTMLElement, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== undefined && c !== false));
}

/** A result.json or summary.json value as JSON. */
export type Json = Record<string, unknown>;

/** Whether `v` is a JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A point repetition: its experiment directory (relative to the runs directory), id and rep. */
export interface PointRef {
  readonly dir: string;
  readonly pointId: string;
  readonly rep: number;
}

const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
/** The URL of a file of the runs directory. */
export const runUrl = (path: string) => `runs/${enc(path)}`;
/** `<dir>/<pointId>/rep-<rep>`. */
export const repDir = (r: PointRef) => `${r.dir}/${r.pointId}/rep-${r.rep}`;
/** Route of an experiment page. */
export const expHref = (dir: string) => `#/e/${encodeURIComponent(dir)}`;
const refPath = (r: PointRef) =>
  `${encodeURIComponent(r.dir)}/${encodeURIComponent(r.pointId)}/${r.rep}`;
/** Route of a point page. */
export const pointHref = (r: PointRef) => `#/p/${refPath(r)}`;
/** Route of the compare view of a (and b, when chosen). */
export const compareHref = (a: PointRef, b?: PointRef) =>
  `#/c/${refPath(a)}${b !== undefined ? `/${refPath(b)}` : ''}`;

/** A two-column table of names and values (objects as JSON). */
export function keyValueTable(id: string, entries: [string, unknown][]): HTMLElement {
  return h(
    'table',
    { id },
    ...entries.map(([k, v]) =>
      h('tr', {}, h('th', {}, k), h('td', {}, typeof v === 'string' ? v : JSON.stringify(v))),
    ),
  );
}
