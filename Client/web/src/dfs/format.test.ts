import { describe, expect, it } from 'vitest';
import { formatExactBytes, parseByteSize } from './format';

describe('parseByteSize', () => {
  it('reads binary and decimal units and plain byte counts', () => {
    expect(parseByteSize('10 GiB')).toBe(10 * 2 ** 30);
    expect(parseByteSize('1.5 MiB')).toBe(1_572_864);
    expect(parseByteSize('500 MB')).toBe(500_000_000);
    expect(parseByteSize('12345')).toBe(12345);
    expect(parseByteSize(' 2gib ')).toBe(2 * 2 ** 30);
    expect(parseByteSize('0')).toBe(0);
    expect(parseByteSize('7 B')).toBe(7);
  });

  it('rejects what is not a size', () => {
    for (const text of ['abc', '-1', '', '   ', '10 GiBs', '1e6', '1,5 MB', 'GiB', '10 GiB 5']) {
      expect(parseByteSize(text), text).toBeNull();
    }
    expect(parseByteSize('99999999 PiB')).toBeNull();
  });
});

describe('formatExactBytes', () => {
  it('uses the largest unit that is exact, so parsing gives the same bytes back', () => {
    expect(formatExactBytes(10 * 2 ** 30)).toBe('10 GiB');
    expect(formatExactBytes(500_000_000)).toBe('500 MB');
    expect(formatExactBytes(12345)).toBe('12345');
    expect(formatExactBytes(0)).toBe('0');
    for (const bytes of [1_572_864, 500_000_000, 12345, 3 * 2 ** 40]) expect(parseByteSize(formatExactBytes(bytes))).toBe(bytes);
  });
});
