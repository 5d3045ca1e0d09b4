/** Any typed array the bulk operations accept as input or output. */
export type FloatArray = Float32Array | Float64Array;

/** A short, printable description of `value` for error messages (the value itself if primitive). */
export function show(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'object': {
      const name = (value as object).constructor?.name;
      if (name === undefined) return 'an object';
      return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
    }
    default:
      return typeof value;
  }
}

/** Throws TypeError unless `value` is a Float32Array or Float64Array; `name` names the argument. */
export function checkFloatArray(name: string, value: unknown): asserts value is FloatArray {
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new TypeError(`${name} must be a Float32Array or Float64Array, got ${show(value)}`);
  }
}

/** Throws TypeError unless `value` is a number, RangeError unless it is finite. */
export function checkFinite(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a finite number, got ${show(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${show(value)}`);
  }
}

/** Throws TypeError unless `value` is a number, RangeError unless it is an integer in [min, max]. */
export function checkInteger(
  name: string,
  value: unknown,
  min: number,
  max: number,
): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be an integer, got ${show(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${show(value)}`);
  }
}
