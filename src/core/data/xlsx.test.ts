import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { oleError, sniffContainer, tableInZip, zipEntries, zipKind } from './container';
import { intakeError } from './testing';
import { inferSchema } from './schema';
import { readXlsx } from './xlsx';
import { inflateMember } from './zip';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url)));

describe('readXlsx on a workbook saved by openpyxl (scripts/make_real_tables.py)', () => {
  const bytes = fixture('workbook.xlsx');

  it('reads the first sheet: numbers, dates, text, booleans and formulas as cached values', () => {
    const book = readXlsx(bytes);
    expect(book.sheets).toEqual(['Measurements', 'Notes']);
    expect(book.sheet).toBe(0);
    const src = book.source;
    expect(src.header).toEqual(['sensor', 'when', 'temp', 'pressure', 'double_temp', 'ok']);
    expect(src.rowCount).toBe(60);
    expect(src.cell(0, 0)).toBe('S0');
    expect(src.cell(1, 1)).toBe('2024-03-02');
    expect(src.cell(1, 2)).toBe(3.043);
    expect(src.cell(1, 4)).toBe(6.086); // =C3*2
    expect(src.cell(5, 5)).toBe('FALSE');
    expect(book.warnings[0]).toContain("Read the sheet 'Measurements' (1 of 2)");
    const kinds = inferSchema(src).columns.map((c) => c.kind);
    expect(kinds).toEqual(['categorical', 'date', 'numeric', 'numeric', 'numeric', 'categorical']);
  });

  it('reads another sheet on request', () => {
    const book = readXlsx(bytes, 1);
    expect(book.source.header).toEqual(['k', 'v', 'w']);
    expect(book.source.rowCount).toBe(12);
  });
});

/** A minimal workbook the way Excel writes it: shared strings (with rich text), styles, a 1904 date system. */
function excelStyleBook(): Uint8Array {
  const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>
<row r="3"><c r="A3"><v>1.5</v></c><c r="B3" s="1"><v>0.5</v></c><c r="D3" t="str"><f>"x"&amp;"y"</f><v>xy</v></c></row>
<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4" s="1"><v>1</v></c><c r="C4" t="s"><v>3</v></c></row>
</sheetData></worksheet>`;
  const strings = `<sst><si><t>a &amp; b</t></si><si><r><t>ri</t></r><r><t xml:space="preserve">ch</t></r><rPh><t>x</t></rPh></si><si><t>when_x000D_</t></si><si><t>&#233;t&#xE9;</t></si></sst>`;
  const styles = `<styleSheet><numFmts count="1"><numFmt numFmtId="170" formatCode="[$-409]d\\-mmm\\-yy;@"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>`;
  const workbook = `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="Data &amp; more" sheetId="1" r:id="rId7"/></sheets></workbook>`;
  const rels = `<Relationships><Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`;
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8(workbook),
    'xl/_rels/workbook.xml.rels': strToU8(rels),
    'xl/worksheets/data.xml': strToU8(sheet),
    'xl/sharedStrings.xml': strToU8(strings),
    'xl/styles.xml': strToU8(styles),
  });
}

describe('readXlsx on an Excel-style workbook', () => {
  it('resolves shared and rich strings, entities, styles, gaps and the 1904 date system', () => {
    const book = readXlsx(excelStyleBook());
    expect(book.sheets).toEqual(['Data & more']);
    const src = book.source;
    expect(src.header).toEqual(['a & b', 'rich', 'column_3', 'when']); // names are trimmed
    expect(src.rowCount).toBe(2); // the empty row 2 is skipped, and the note says so
    expect(book.warnings).toContain('Skipped 1 blank row(s) between rows.');
    expect([0, 1, 2, 3].map((c) => src.cell(0, c))).toEqual([1.5, '1904-01-01T12:00:00', '', 'xy']);
    expect([0, 1, 2, 3].map((c) => src.cell(1, c))).toEqual(['#N/A', '1904-01-02', 'été', '']);
  });

  it('explains a damaged workbook', () => {
    expect(intakeError(() => readXlsx(zipSync({ 'x.txt': strToU8('x') }))).code).toBe('xlsx-bad');
  });
});

describe('containers', () => {
  it('sniffs gzip, zip and OLE by their bytes', () => {
    expect(sniffContainer(fixture('table.csv.gz'))).toBe('gzip');
    expect(sniffContainer(fixture('table.zip'))).toBe('zip');
    expect(sniffContainer(fixture('workbook.xlsx'))).toBe('zip');
    expect(sniffContainer(new TextEncoder().encode('a,b\n'))).toBe('plain');
  });

  it('tells an .xlsx from a zip of one table, and finds that table', () => {
    expect(zipKind(zipEntries(fixture('workbook.xlsx'), 'workbook.xlsx'))).toBe('xlsx');
    const zip = fixture('table.zip');
    const entries = zipEntries(zip, 'table.zip');
    expect(zipKind(entries)).toBe('archive');
    const t = tableInZip(entries, 'table.zip');
    expect(t.name).toBe('table.csv');
    const bytes = inflateMember(zip, t.member, 'table.zip', { limit: 2 ** 20, what: 'test' });
    expect(new TextDecoder().decode(bytes).split('\n')[0]).toBe('a,b,c');
    const two = zipSync({ 'a.csv': strToU8('x'), 'b.csv': strToU8('y'), '__MACOSX/._a.csv': strToU8('') });
    expect(intakeError(() => tableInZip(zipEntries(two, 'two.zip'), 'two.zip')).message).toMatch(
      /two\.zip holds 2 tables \('a\.csv', 'b\.csv'\)/,
    );
  });

  it('explains old .xls and password-protected workbooks', () => {
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(sniffContainer(ole)).toBe('ole');
    expect(oleError(ole, 'old.xls').code).toBe('xls-old-format');
    expect(oleError(ole, 'old.xls').message).toContain('save it as .xlsx or CSV');
    const encrypted = ole.slice();
    encrypted.set(
      Array.from('EncryptionInfo').flatMap((c) => [c.charCodeAt(0), 0]),
      600,
    );
    expect(oleError(encrypted, 'book.xls').code).toBe('xlsx-encrypted');
    expect(oleError(ole, 'book.xlsx').message).toContain('is password-protected');
  });
});
