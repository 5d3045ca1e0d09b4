// A human-readable listing of a MAT-file's variables (for `dbn data info FILE`).
import type { MatFile, MatValue } from './types.js';

function kindOf(v: MatValue): string {
  switch (v.kind) {
    case 'numeric':
      return v.imag === undefined ? v.class : `complex ${v.class}`;
    case 'char':
    case 'cell':
      return v.kind;
    case 'struct':
      return v.fieldNames.length === 0
        ? 'struct (no fields)'
        : `struct (fields: ${v.fieldNames.join(', ')})`;
  }
}

/**
 * The header text, then one line per variable in file order: name, dims (rows×cols…), class,
 * and notes (global, compressed); e.g. `  dat  36×39  cell`.
 */
export function describeMat(file: MatFile): string {
  if (file === null || typeof file !== 'object' || !Array.isArray(file.variables)) {
    throw new TypeError(`file must be a MatFile, got ${String(file)}`);
  }
  const vars = file.variables;
  const names = vars.map((v) => (v.name === '' ? "''" : v.name));
  const dims = vars.map((v) => v.value.dims.join('×'));
  const nameWidth = Math.max(0, ...names.map((n) => n.length));
  const dimsWidth = Math.max(0, ...dims.map((d) => d.length));
  const lines = [
    `${file.header.text} (${file.header.endian}-endian, ${vars.length} variable${vars.length === 1 ? '' : 's'})`,
  ];
  for (let i = 0; i < vars.length; i++) {
    const v = vars[i]!;
    const notes = [v.global ? 'global' : '', v.compressed ? 'compressed' : ''].filter(
      (s) => s !== '',
    );
    const tail = notes.length === 0 ? '' : ` [${notes.join(', ')}]`;
    lines.push(
      `  ${names[i]!.padEnd(nameWidth)}  ${dims[i]!.padEnd(dimsWidth)}  ${kindOf(v.value)}${tail}`,
    );
  }
  return lines.join('\n');
}
