import { describe, expect, it } from 'vitest';
import { checkFinite, checkFloatArray, checkInteger, show } from '../src/validate.js';

describe('show', () => {
  it('prints primitives as values and objects by constructor', () => {
    expect(show('a"b')).toBe('"a\\"b"');
    expect(show(Number.NaN)).toBe('NaN');
    expect(show(-0)).toBe('-0');
    expect(show(3n)).toBe('3n');
    expect(show(undefined)).toBe('undefined');
    expect(show(null)).toBe('null');
    expect(show(Symbol('s'))).toBe('Symbol(s)');
    expect(show(() => 1)).toBe('a function');
    expect(show(new Float32Array(1))).toBe('a Float32Array');
    expect(show(Object.create(null))).toBe('an object');
    expect(show([1])).toBe('an Array');
  });
});

describe('checks', () => {
  it('checkFloatArray accepts only Float32Array and Float64Array', () => {
    expect(() => checkFloatArray('x', new Float32Array(1))).not.toThrow();
    expect(() => checkFloatArray('x', new Float64Array(1))).not.toThrow();
    expect(() => checkFloatArray('x', new Int32Array(1))).toThrow(
      'x must be a Float32Array or Float64Array, got an Int32Array',
    );
  });

  it('checkFinite: TypeError for non-numbers, RangeError for NaN/±∞', () => {
    expect(() => checkFinite('v', 1.5)).not.toThrow();
    expect(() => checkFinite('v', '1')).toThrow(TypeError);
    expect(() => checkFinite('v', Number.NaN)).toThrow(RangeError);
    expect(() => checkFinite('v', Number.NEGATIVE_INFINITY)).toThrow(
      'v must be a finite number, got -Infinity',
    );
  });

  it('checkInteger enforces integrality and bounds', () => {
    expect(() => checkInteger('n', 3, 0, 3)).not.toThrow();
    expect(() => checkInteger('n', 4, 0, 3)).toThrow('n must be an integer in [0, 3], got 4');
    expect(() => checkInteger('n', 0.5, 0, 3)).toThrow(RangeError);
    expect(() => checkInteger('n', null, 0, 3)).toThrow(TypeError);
  });
});
