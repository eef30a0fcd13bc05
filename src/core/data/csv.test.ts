import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDelimitedParser, decodeText, parseDelimited, sniffDelimiter, type ParsedTable } from './csv';
import { IntakeError } from './errors';
import { intakeError, seeded } from './testing';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** Parses by feeding the text in the given pieces; returns the table or the IntakeError. */
function parseChunks(chunks: string[], delimiter?: string): ParsedTable | IntakeError {
  try {
    const p = createDelimitedParser({ delimiter });
    for (const c of chunks) p.push(c);
    return p.finish();
  } catch (e) {
    if (e instanceof IntakeError) return e;
    throw e;
  }
}

function parseWhole(text: string, delimiter?: string): ParsedTable | IntakeError {
  try {
    return parseDelimited(text, { delimiter });
  } catch (e) {
    if (e instanceof IntakeError) return e;
    throw e;
  }
}

function randomSplit(text: string, rnd: () => number, maxPiece: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = Math.floor(rnd() * maxPiece); // zero-length pieces too
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('parseDelimited: basics', () => {
  it('reads a comma table with LF line ends', () => {
    const t = parseDelimited('a,b,c\n1,2,3\n4,5,6\n');
    expect(t).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
      delimiter: ',',
      warnings: [],
    });
  });

  it('reads CRLF, a missing final newline, and empty fields', () => {
    const t = parseDelimited('a,b,c\r\n1,,3\r\n,5,');
    expect(t.rows).toEqual([
      ['1', '', '3'],
      ['', '5', ''],
    ]);
  });

  it.each([
    [';', 'x;y;z\n1,5;2;3\n4;5,25;6\n'],
    ['|', 'x|y|z\n1|2|3\n4|5|6\n'],
    ['\t', 'x\ty\tz\n1\t2,5\t3\n4\t5\t6\n'],
  ])('sniffs the %j delimiter', (d, text) => {
    const t = parseDelimited(text);
    expect(t.delimiter).toBe(d);
    expect(t.header).toEqual(['x', 'y', 'z']);
    expect(t.rows).toHaveLength(2);
  });

  it('ignores delimiters inside quotes when sniffing', () => {
    expect(sniffDelimiter('name,desc\n"a; b; c",1\n"d; e; f",2\n', true)).toBe(',');
    expect(sniffDelimiter('a;b\n"1,5";"2,5"\n"3,5";"4,5"\n', true)).toBe(';');
    expect(sniffDelimiter('justone\n1\n2\n', true)).toBeNull();
  });

  it('uses a given delimiter instead of sniffing', () => {
    const t = parseDelimited('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(t.header).toEqual(['a;b', 'c']);
  });

  it('rejects an unusable delimiter', () => {
    expect(intakeError(() => parseDelimited('a,b\n1,2', { delimiter: '"' })).code).toBe('bad-delimiter');
    expect(intakeError(() => parseDelimited('a,b\n1,2', { delimiter: ',,' })).code).toBe('bad-delimiter');
  });

  it('reads a one-column file with a warning', () => {
    const t = parseDelimited('value\n1\n2\n');
    expect(t.header).toEqual(['value']);
    expect(t.rows).toEqual([['1'], ['2']]);
    expect(t.warnings.join()).toMatch(/single column/);
  });

  it('strips a UTF-8 BOM', () => {
    const t = parseDelimited('\uFEFFid,v\n1,2\n');
    expect(t.header).toEqual(['id', 'v']);
  });

  it('keeps unicode headers and values', () => {
    const t = parseDelimited('température,重量,😀 score\nélevé,一,∞x\n');
    expect(t.header).toEqual(['température', '重量', '😀 score']);
    expect(t.rows[0]).toEqual(['élevé', '一', '∞x']);
  });

  it('keeps markup as an inert string', () => {
    const t = parseDelimited('a,b\n<script>alert(1)</script>,"<img src=x onerror=alert(1)>"\n');
    expect(t.rows[0]).toEqual(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>']);
  });

  it('ignores a trailing empty line, and warns about blank lines between rows', () => {
    expect(parseDelimited('a,b\n1,2\n\n\n').warnings).toEqual([]);
    const t = parseDelimited('a,b\n1,2\n\n3,4\n');
    expect(t.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(t.warnings.join()).toMatch(/1 blank line/);
  });

  it('reads a single data row', () => {
    expect(parseDelimited('a,b\n1,2').rows).toEqual([['1', '2']]);
  });

  it('reports progress up to 1', () => {
    const text = 'a,b\n' + '123456,789012\n'.repeat(200_000); // ~2.8 MB: several progress steps
    const seen: number[] = [];
    parseDelimited(text, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });
});

describe('parseDelimited: quoting (RFC 4180)', () => {
  it('reads delimiters, doubled quotes and newlines inside quotes', () => {
    const t = parseDelimited('name,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\n"",x\r\n');
    expect(t.rows).toEqual([
      ['Smith, J', 'said "hi"\r\nthen left'],
      ['', 'x'],
    ]);
  });

  it('accepts spaces around quoted fields', () => {
    expect(parseDelimited('a,b\n1, "x,y" \n').rows).toEqual([['1', 'x,y']]);
  });

  it('keeps stray quotes as text and says so', () => {
    const t = parseDelimited('a,b\n5" pipe,"x"y\n');
    expect(t.rows).toEqual([['5" pipe', 'xy']]);
    expect(t.warnings.join(' ')).toMatch(/Line 2: a quote inside an unquoted value/);
    expect(t.warnings.join(' ')).toMatch(/Line 2: text after a closing quote/);
  });

  it('rejects an unterminated quote, naming its line', () => {
    const e = intakeError(() => parseDelimited('a,b\n1,2\n3,"oops\n4,5\n'));
    expect(e.code).toBe('unterminated-quote');
    expect(e.message).toMatch(/line 3/);
  });
});

describe('parseDelimited: errors', () => {
  it.each(['', '   \n\n', '\uFEFF'])('rejects an empty file (%j)', (text) => {
    const e = intakeError(() => parseDelimited(text));
    expect(e.code).toBe('empty-file');
    expect(e.message).toMatch(/empty/);
  });

  it.each(['a,b,c', 'a,b,c\n', 'a,b,c\r\n\r\n'])('rejects a header with no rows (%j)', (text) => {
    const e = intakeError(() => parseDelimited(text));
    expect(e.code).toBe('no-data-rows');
    expect(e.message).toMatch(/no data rows/);
  });

  it('rejects a short row with its line number and field counts', () => {
    const e = intakeError(() => parseDelimited('a,b,c\n1,2,3\n"multi\nline",2,3\n4,5\n'));
    expect(e.code).toBe('ragged-row');
    expect(e.message).toMatch(/^Line 5 has 2 fields but the header has 3 columns/);
  });

  it('rejects a long row', () => {
    const e = intakeError(() => parseDelimited('a;b\n1;2\n3;4;5\n'));
    expect(e.code).toBe('ragged-row');
    expect(e.message).toMatch(/Line 3 has 3 fields but the header has 2 columns \(delimiter ';'\)/);
  });

  it('tolerates extra empty fields from a trailing delimiter, with a warning', () => {
    const t = parseDelimited('a,b\n1,2,\n3,4,\n');
    expect(t.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(t.warnings.join()).toMatch(/2 row\(s\) \(first on line 2\) end with extra empty fields/);
  });

  it('renames duplicate and empty column names', () => {
    const t = parseDelimited('a,a,b,a_2, ,a\n1,2,3,4,5,6\n');
    expect(t.header).toEqual(['a', 'a_3', 'b', 'a_2', 'column_5', 'a_4']);
    expect(t.warnings.join(' ')).toMatch(/Duplicate column names were renamed: 'a' → 'a_3', 'a' → 'a_4'/);
    expect(t.warnings.join(' ')).toMatch(/1 column\(s\) had no name/);
  });

  it('rejects the bytes of a zip read as text', () => {
    const e = intakeError(() => parseDelimited(decodeText(fixture('small.npz'))));
    expect(e.code).toBe('binary-file');
    expect(e.message).toMatch(/this does not look like a text table/i);
  });

  it('rejects text full of control characters, and NUL bytes anywhere', () => {
    expect(intakeError(() => parseDelimited('a,b\n\x01\x02,\x03\x04\n')).code).toBe('binary-file');
    const p = createDelimitedParser();
    p.push('a,b\n' + '1,2\n'.repeat(20_000));
    expect(intakeError(() => p.push('3,\0\n')).code).toBe('binary-file');
  });

  it('reads bytes that are not UTF-8 as Windows-1252, and warns about text that holds U+FFFD', () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('ville,n\nS'), 0xe8, ...new TextEncoder().encode('te,1\n')]);
    expect(parseDelimited(decodeText(latin1)).rows[0][0]).toBe('Sète');
    const t = parseDelimited('ville,n\nS\uFFFDte,1\n');
    expect(t.warnings.join()).toMatch(/not UTF-8/);
  });

  it('refuses to be used after finish', () => {
    const p = createDelimitedParser();
    p.push('a,b\n1,2\n');
    p.finish();
    expect(intakeError(() => p.push('3,4\n')).code).toBe('parser-finished');
  });
});

describe('decodeText', () => {
  it('decodes UTF-16 with a BOM and drops the UTF-8 BOM', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0, 0x62, 0]);
    expect(decodeText(utf16)).toBe('a,b');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
  });
});

describe('createDelimitedParser: same result for any chunking', () => {
  const tricky =
    '\uFEFFid;"na;me";note\r\n' +
    '1;"a ""quoted"" word";"line one\r\nline two"\r\n' +
    '2;;"semi;colon"\n' +
    '3;"";"cr\ronly"\r' +
    '4;plain;"\r\n"\r\n\r\n';

  it('parses the tricky text as expected', () => {
    const t = parseDelimited(tricky);
    expect(t.delimiter).toBe(';');
    expect(t.header).toEqual(['id', 'na;me', 'note']);
    expect(t.rows).toEqual([
      ['1', 'a "quoted" word', 'line one\r\nline two'],
      ['2', '', 'semi;colon'],
      ['3', '', 'cr\ronly'],
      ['4', 'plain', '\r\n'],
    ]);
  });

  it('matches for every split into two and three pieces', () => {
    const whole = parseWhole(tricky);
    for (let i = 0; i <= tricky.length; i++) {
      expect(parseChunks([tricky.slice(0, i), tricky.slice(i)])).toEqual(whole);
      for (let j = i; j <= tricky.length; j += 3) {
        expect(parseChunks([tricky.slice(0, i), tricky.slice(i, j), tricky.slice(j)])).toEqual(whole);
      }
    }
  });

  it('matches fed one character at a time', () => {
    expect(parseChunks([...tricky])).toEqual(parseWhole(tricky));
  });

  it('matches for random splits of a file larger than the sniffing window', () => {
    const rnd = seeded(42);
    const lines = ['k|"text"|v'];
    for (let i = 0; i < 4000; i++) {
      const text = i % 7 === 0 ? `"multi\r\nline | ${i}"` : i % 5 === 0 ? `"say ""${i}"""` : `t${i}`;
      lines.push(`${i}|${text}|${(rnd() * 100).toFixed(3)}`);
    }
    const big = lines.map((l) => l + (rnd() < 0.5 ? '\r\n' : '\n')).join('');
    expect(big.length).toBeGreaterThan(64 * 1024);
    const whole = parseWhole(big);
    expect(whole).not.toBeInstanceOf(IntakeError);
    expect((whole as ParsedTable).rows).toHaveLength(4000);
    for (let trial = 0; trial < 30; trial++) {
      expect(parseChunks(randomSplit(big, rnd, trial < 15 ? 50 : 20_000))).toEqual(whole);
    }
  });

  it('gives the same errors for any chunking', () => {
    const rnd = seeded(7);
    const cases = ['a,b\n1,2\n"x\ny",2,3\n', 'a,b\n1,"2\n', 'a,b', '', 'a,b\r\n1,2\r\n3\r\n'];
    for (const text of cases) {
      const whole = parseWhole(text);
      expect(whole).toBeInstanceOf(IntakeError);
      for (let trial = 0; trial < 20; trial++) expect(parseChunks(randomSplit(text, rnd, 4))).toEqual(whole);
    }
  });
});
