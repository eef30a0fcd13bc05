import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipInflatedSize } from './gzipCount';

const MB = 2 ** 20;
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('gzipInflatedSize: every member counted, nothing written', () => {
  it('counts stored, fixed and dynamic blocks as zlib wrote them', () => {
    const text = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `${i},${(i * 7) % 13},x${i % 97}\n`).join(''));
    const noise = randomBytes(300_000); // stored blocks
    for (const [data, size] of [
      [gzipSync(text), text.length],
      [gzipSync(noise), noise.length],
      [gzipSync(text, { strategy: constants.Z_FIXED }), text.length],
      [gzipSync(Buffer.alloc(0)), 0],
      [gzipSync(text, { level: 1 }), text.length],
    ] as const) {
      expect(gzipInflatedSize(new Uint8Array(data), Infinity)).toBe(size);
    }
  });

  it('sums the members of `cat a.gz b.gz …`, and stops past the limit', () => {
    const member = gzipSync('1,2,3,4\n'.repeat(MB / 8), { level: 9 });
    const bomb = cat(gzipSync('a,b,c,d\n'), ...Array.from({ length: 600 }, () => member));
    expect(gzipInflatedSize(bomb, Infinity)).toBe(8 + 600 * MB);
    const past = gzipInflatedSize(bomb, 512 * MB);
    expect(past).toBeGreaterThan(512 * MB);
    expect(past).toBeLessThan(514 * MB);
  });

  it('reads the optional header fields (name, comment, extra)', () => {
    const body = deflateRawSync('hello, world\n');
    const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16, 0, 0, 0, 0, 0, 3, 2, 0, 0xab, 0xcd]);
    const named = cat(header, Buffer.from('t.csv\0a comment\0'), body, Buffer.alloc(8));
    expect(gzipInflatedSize(named, Infinity)).toBe(13);
  });

  it('answers null for a cut-off, damaged or trailing-junk stream', () => {
    const whole = gzipSync('x,y\n' + '1,2\n'.repeat(5000));
    expect(gzipInflatedSize(new Uint8Array(whole.subarray(0, whole.length - 20)), Infinity)).toBeNull();
    expect(gzipInflatedSize(cat(whole, Buffer.from('junk after')), Infinity)).toBeNull();
    const bad = Buffer.from(whole);
    bad[10] = 0xff; // block type 3 does not exist
    expect(gzipInflatedSize(new Uint8Array(bad), Infinity)).toBeNull();
    expect(gzipInflatedSize(new Uint8Array([1, 2, 3]), Infinity)).toBeNull();
  });
});
