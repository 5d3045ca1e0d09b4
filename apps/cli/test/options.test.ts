import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  parseChars,
  parseCount,
  parseImageSize,
  parseInteger,
  parsePositive,
  parseSeed,
  parseSetting,
  parseSizes,
} from '../src/options.js';

const right = <T>(e: E.Either<unknown, T>): T => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const leftMessage = (e: E.Either<{ message: string }, unknown>): string => {
  if (E.isRight(e)) throw new Error(`expected Left, got ${JSON.stringify(e.right)}`);
  return e.left.message;
};

describe('options', () => {
  it('parses whole numbers and rejects everything else, naming the flag', () => {
    expect(right(parseCount('--epochs', '30'))).toBe(30);
    expect(right(parseCount('--train-size', '60_000'))).toBe(60000);
    expect(right(parseCount('--epochs', ' 7 '))).toBe(7);
    for (const bad of ['0', '-1', '1.5', '1e3', 'abc', '', '0x10', '9007199254740993']) {
      expect(leftMessage(parseCount('--epochs', bad))).toMatch(/^--epochs must be a whole number/);
    }
    expect(leftMessage(parseInteger('--threshold', '256', 0, 255))).toMatch(
      /in 0\.\.255, got "256"/,
    );
  });

  it('accepts seed 0 and rejects negative or fractional seeds', () => {
    expect(right(parseSeed('0'))).toBe(0);
    expect(right(parseSeed('42'))).toBe(42);
    expect(E.isLeft(parseSeed('-1'))).toBe(true);
    expect(E.isLeft(parseSeed('0.5'))).toBe(true);
  });

  it('parses positive decimals', () => {
    expect(right(parsePositive('--lr', '0.1'))).toBe(0.1);
    expect(right(parsePositive('--lr', '1e-3'))).toBe(0.001);
    expect(right(parsePositive('--lr', '.5'))).toBe(0.5);
    for (const bad of ['0', '-0.1', 'NaN', 'Infinity', 'x', '']) {
      expect(leftMessage(parsePositive('--lr', bad))).toMatch(/^--lr must be a number > 0/);
    }
  });

  it('parses layer sizes', () => {
    expect(right(parseSizes('--hidden', '200,200'))).toEqual([200, 200]);
    expect(right(parseSizes('--hidden', '500'))).toEqual([500]);
    expect(leftMessage(parseSizes('--hidden', '0'))).toMatch(/got "0"/);
    expect(leftMessage(parseSizes('--hidden', '200,,200'))).toMatch(/got ""/);
    expect(leftMessage(parseSizes('--hidden', '100000'))).toMatch(/1\.\.65536/);
  });

  it('parses characters in either spelling, any case, and lists the valid ones', () => {
    expect(right(parseChars('A,B'))).toEqual(['A', 'B']);
    expect(right(parseChars('ab3'))).toEqual(['A', 'B', '3']);
    expect(leftMessage(parseChars('A,Ä'))).toMatch(
      /unknown character "Ä" in --chars; valid characters: 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/,
    );
    expect(leftMessage(parseChars('A,a'))).toMatch(/given twice/);
    expect(leftMessage(parseChars('AB,C'))).toMatch(/unknown character "AB"/);
  });

  it('parses settings and image sizes', () => {
    expect(right(parseSetting('epochs=5'))).toBe('epochs=5');
    expect(right(parseSetting('hidden=200,200'))).toBe('hidden=200,200');
    expect(E.isLeft(parseSetting('epochs'))).toBe(true);
    expect(E.isLeft(parseSetting('=5'))).toBe(true);
    expect(right(parseImageSize('28x28'))).toEqual({ height: 28, width: 28 });
    expect(E.isLeft(parseImageSize('28'))).toBe(true);
  });
});
