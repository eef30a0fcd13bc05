import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { deflated, HEAD_ROWS, repeatedDeflate, sheetXml, workbook, zipOf } from '../../scripts/hostile-files';
import { fileTooLargeMessage, MAX_FILE_BYTES } from '../core/data/budgets';
import { IntakeError, type IntakeErrorCode } from '../core/data/errors';
import { loadTable } from './intake';
import { failedMessage, stalledMessage } from './readWatched';

/**
 * Every refusal path of the readers, walked with small budgets (the same code, the limits scaled down so each
 * file is a few kB): each gives its code and a sentence in the analyst's words, never an engine's own text.
 */
vi.mock('../core/data/budgets', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../core/data/budgets')>()),
  MAX_COLUMNS: 50,
  MAX_ROWS: 500,
  MAX_CELLS: 2000,
  MAX_FIELD_CHARS: 1000,
  MAX_XML_PART_BYTES: 40_000,
  MAX_ZIP_INFLATED_BYTES: 60_000,
  MAX_ZIP_MEMBERS: 20,
  MAX_INFLATED_TEXT_BYTES: 100_000,
  MAX_INFLATED_MEMBER_BYTES: 50_000,
}));

const RAW =
  /Invalid typed array length|Junk found|Failed to (execute|fetch|construct)|RangeError|TypeError|Array buffer allocation|unexpected EOF|invalid (block|distance)|undefined|\[object/i;

async function refusal(bytes: Uint8Array | string, name: string): Promise<IntakeError> {
  const data = typeof bytes === 'string' ? strToU8(bytes) : bytes;
  try {
    await loadTable(new Blob([data as Uint8Array<ArrayBuffer>]), name);
  } catch (e) {
    expect(e).toBeInstanceOf(IntakeError);
    return e as IntakeError;
  }
  throw new Error(`${name} was read`);
}

const rows = (n: number, cols: number) =>
  Array.from({ length: n }, (_, r) => Array.from({ length: cols }, (_, c) => (r * 7 + c) % 13).join(',')).join('\n');
const csv = (n: number, cols: number) => `${Array.from({ length: cols }, (_, c) => `c${c}`).join(',')}\n${rows(n, cols)}\n`;
const letter = (i: number) => String.fromCharCode(65 + i);
const colName = (c: number) => (c < 26 ? letter(c) : letter(Math.floor(c / 26) - 1) + letter(c % 26));
const xlsxRow = (r: number, cols: number) =>
  `<row r="${r}">${Array.from({ length: cols }, (_, c) => `<c r="${colName(c)}${r}"><v>${c}</v></c>`).join('')}</row>`;

const cases: [string, () => Uint8Array | string, string, IntakeErrorCode, RegExp][] = [
  [
    'a header wider than the column budget',
    () => csv(3, 51),
    'wide.csv',
    'too-wide',
    /The header line has more than 50 columns, the most IMLab reads\. Keep only the columns you need/,
  ],
  [
    'more cells than the budget',
    () => csv(300, 10),
    'cells.csv',
    'too-many-cells',
    /more than 200 rows of 10 columns, more than IMLab reads in the browser \(500 rows, 2,000 cells\)\. Sample the rows/,
  ],
  ['more rows than the budget', () => csv(600, 1).replace(/^c0/, 'c0'), 'rows.csv', 'too-many-cells', /more than 500 rows of 1 columns/],
  [
    'an unquoted value past the field budget',
    () => `a,b\n${'x'.repeat(1001)},1\n`,
    'long.csv',
    'field-too-long',
    /Line 2 holds a value of more than 1,000 characters/,
  ],
  [
    'a quote never closed',
    () => `a,b\n1,2\n"${'x'.repeat(2000)}`,
    'open.csv',
    'field-too-long',
    /A quoted field starting on line 3 runs past 1,000 characters.*closing quote \(".*\) is probably missing/,
  ],
  [
    'a .gz declaring more text than the budget',
    () => gzipSync(csv(20_000, 3)),
    'big.csv.gz',
    'inflates-too-far',
    /big\.csv\.gz inflates past 98 kB; IMLab reads up to 98 kB of text from a \.gz/,
  ],
  [
    'a multi-member .gz streaming past the budget',
    () =>
      new Uint8Array(
        Buffer.concat([gzipSync(`a,b\n${`${'x'.repeat(500)},1\n`.repeat(120)}`), gzipSync(`${'x'.repeat(500)},1\n`.repeat(120))]),
      ),
    'two.csv.gz',
    'inflates-too-far',
    /two\.csv\.gz inflates past/,
  ],
  [
    'a cut-off .gz',
    () => gzipSync(`a,b,c\n${Array.from({ length: 300 }, (_, i) => `${i},${i % 7},${i % 3}`).join('\n')}`).subarray(0, 200),
    'cut.csv.gz',
    'gzip-bad',
    /cut\.csv\.gz could not be decompressed: it is damaged or cut off/,
  ],
  [
    'an .xlsx.gz past the member budget',
    () => gzipSync(randomBytes(60_000)),
    'book.xlsx.gz',
    'inflates-too-far',
    /book\.xlsx\.gz inflates past 49 kB; IMLab reads up to 49 kB from a \.gz/,
  ],
  [
    'a zip member declaring more text than the budget',
    () => zipOf([{ name: 't.csv', d: deflated(csv(20_000, 3)) }]),
    'big.zip',
    'inflates-too-far',
    /t\.csv in big\.zip inflates past 98 kB; IMLab reads up to 98 kB of text from a \.zip\. Unzip it/,
  ],
  [
    'a zip member inflating past its declared size',
    () => zipOf([{ name: 't.csv', d: repeatedDeflate('a,b\n', Buffer.from('1,2\n'.repeat(1000)), 4), declared: 100 }]),
    'lying.zip',
    'not-zip',
    /lying\.zip is a damaged zip archive \(t\.csv inflates past the 100 bytes its directory declares\)/,
  ],
  [
    'a zip listing more members than the budget',
    () => zipSync(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}.txt`, strToU8('x')]))),
    'many.zip',
    'zip-too-many-members',
    /many\.zip lists 21 files; IMLab opens archives of up to 20/,
  ],
  [
    'a zip cut off before its directory',
    () => zipSync({ 't.csv': strToU8(csv(50, 3)) }).subarray(0, 60),
    'cut.zip',
    'not-zip',
    /cut\.zip is a damaged zip archive \(its directory is missing; the file may be cut off\)/,
  ],
  ['a zip with no table', () => zipSync({ 'notes.md': strToU8('x') }), 'none.zip', 'zip-no-table', /none\.zip holds no table/],
  [
    'a workbook part past the part budget',
    () => workbook(deflated(sheetXml(`${HEAD_ROWS}${'<row><c><v>1</v></c></row>'.repeat(2000)}`))),
    'part.xlsx',
    'inflates-too-far',
    /xl\/worksheets\/sheet1\.xml in part\.xlsx inflates past .* IMLab reads workbook parts of up to/,
  ],
  [
    'a workbook past the archive budget',
    () =>
      workbook(
        deflated(sheetXml(`${HEAD_ROWS}${'<row><c><v>1</v></c></row>'.repeat(1300)}`)),
        deflated(`<sst>${'<si><t>abcdefgh</t></si>'.repeat(1200)}</sst>`),
      ),
    'total.xlsx',
    'inflates-too-far',
    /IMLab reads up to .* from one workbook/,
  ],
  [
    'an unclosed <si>',
    () => workbook(deflated(sheetXml(HEAD_ROWS)), deflated(`<sst>${'<si><t>x</t>'.repeat(50)}</sst>`)),
    'si.xlsx',
    'xlsx-bad',
    /si\.xlsx is damaged \(xl\/sharedStrings\.xml: a <si> element is never closed; the file may be cut off\)\. Save it again from Excel/,
  ],
  [
    'an unclosed <row>',
    () => workbook(deflated(sheetXml(`${HEAD_ROWS}<row r="40"><c><v>1</v></c>`))),
    'row.xlsx',
    'xlsx-bad',
    /xl\/worksheets\/sheet1\.xml: a <row> element is never closed/,
  ],
  [
    'an unclosed <c>',
    () => workbook(deflated(sheetXml(`${HEAD_ROWS}<row r="40"><c><v>1</v></row>`))),
    'cell.xlsx',
    'xlsx-bad',
    /a <c> element is never closed/,
  ],
  [
    'rows out of order',
    () => workbook(deflated(sheetXml(`${HEAD_ROWS}<row r="5"><c><v>1</v></c></row>`))),
    'order.xlsx',
    'xlsx-bad',
    /row '5' is out of order or past the 500 rows IMLab reads/,
  ],
  [
    'a sheet wider than the column budget',
    () =>
      workbook(
        deflated(
          sheetXml(
            `${xlsxRow(1, 26)}<row r="2">${Array.from({ length: 30 }, (_, c) => `<c r="A${'B'.repeat(c + 1)}2"><v>1</v></c>`).join('')}</row>`,
          ),
        ),
      ),
    'wide.xlsx',
    'too-wide',
    /The sheet 'Data' has cells in more than 50 columns/,
  ],
  [
    'a sheet with more cells than the budget',
    () => workbook(deflated(sheetXml(`${xlsxRow(1, 40)}${`<row>${'<c><v>1</v></c>'.repeat(40)}</row>`.repeat(60)}`))),
    'cells.xlsx',
    'too-many-cells',
    /The sheet 'Data' holds more than 50 rows of 40 columns/,
  ],
  [
    'a cell past the field budget',
    () => workbook(deflated(sheetXml(`${HEAD_ROWS}<row r="30"><c r="B30" t="inlineStr"><is><t>${'x'.repeat(1500)}</t></is></c></row>`))),
    'long.xlsx',
    'field-too-long',
    /The cell B30 of long\.xlsx holds 1,500 characters; IMLab reads cells of up to 1,000/,
  ],
  [
    'an .npz array past the member budget',
    () => zipOf([{ name: 'X.npy', d: repeatedDeflate('', Buffer.alloc(40_000), 2) }]),
    'big.npz',
    'inflates-too-far',
    /X\.npy in big\.npz inflates past .* IMLab reads arrays of up to/,
  ],
];

describe('every refusal is a sentence in the analyst\u2019s words', () => {
  for (const [what, make, name, code, sentence] of cases) {
    it(what, async () => {
      const e = await refusal(make(), name);
      expect(e.code).toBe(code);
      expect(e.message).toMatch(sentence);
      expect(e.message).not.toMatch(RAW);
    });
  }

  it('the file-size limit, said alike on the page and in the worker', () => {
    expect(fileTooLargeMessage('huge.csv', 600 * 2 ** 20)).toBe(
      'huge.csv is 600 MB; IMLab reads files up to 512 MB in the browser. Sample or split the table first.',
    );
    expect(fileTooLargeMessage('ok.csv', MAX_FILE_BYTES)).toBeNull();
  });

  it('the watchdog and a reader that fails without a sentence', () => {
    expect(stalledMessage('stuck.xlsx')).toMatch(/^Reading stuck\.xlsx stopped making progress for 8 s: the file is probably damaged/);
    expect(failedMessage('odd.bin')).toMatch(/^odd\.bin is damaged or not a table IMLab knows\. Save or export it again/);
  });

  it('a sheet whose lone far cell makes no empty columns, and a table within every budget still reads', async () => {
    const far = workbook(deflated(sheetXml(HEAD_ROWS.replace('</c></row><row r="3">', '</c><c r="XFD2"><v>9</v></c></row><row r="3">'))));
    const t = await loadTable(new Blob([far as Uint8Array<ArrayBuffer>]), 'far.xlsx');
    expect(t.summary.header).toEqual(['a', 'b', 'c', 'column_4']);
    expect(t.summary.warnings).toContain('Left out 16,380 empty column(s) (no name, no value) between columns A and XFD.');
    const ok = await loadTable(new Blob([csv(400, 5)]), 'ok.csv');
    expect([ok.summary.rows, ok.summary.header.length]).toEqual([400, 5]);
  });
});
