/**
 * A small .xlsx reader (Office Open XML spreadsheet): fflate unzips, and the few XML parts a table needs
 * (workbook, relationships, shared strings, styles, one worksheet) are scanned with regular expressions,
 * as a worker has no DOMParser. Numbers stay numbers, date-formatted cells become ISO dates, text stays
 * text, and formulas give their cached values.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { RawCell } from './cells';
import { ColumnTableBuilder } from './columnTable';
import { uniqueNames } from './csv';
import { IntakeError, quote } from './errors';
import type { TableSource } from './schema';

export interface XlsxTable {
  source: TableSource;
  sheets: string[];
  sheet: number;
  warnings: string[];
}

/** Days from Excel's day 0 (1899-12-30, counting its 1900 leap-year bug) to 1970-01-01. */
const EPOCH_1900 = 25569;
const EPOCH_1904 = 24107;

export function readXlsx(bytes: Uint8Array, sheetIndex = 0): XlsxTable {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => (f.name.startsWith('xl/') && f.name.endsWith('.xml')) || f.name.endsWith('.rels') });
  } catch (e) {
    throw bad(`the archive is damaged: ${e instanceof Error ? e.message : String(e)}`);
  }
  const text = (path: string) => (files[path] ? strFromU8(files[path]) : null);
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw bad('it has no workbook part (xl/workbook.xml)');
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)].map((m) => attrs(m[1]));
  if (sheets.length === 0) throw bad('the workbook lists no sheets');
  const index = Math.min(Math.max(0, sheetIndex), sheets.length - 1);
  const names = sheets.map((s, i) => s.name ?? `Sheet${i + 1}`);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook);

  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    if (a.Id && a.Target) rels.set(a.Id, a.Target);
  }
  const relId = Object.entries(sheets[index]).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
  const target = (relId && rels.get(relId)) ?? `worksheets/sheet${index + 1}.xml`;
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  const sheetXml = text(path);
  if (!sheetXml) throw bad(`the sheet ${quote(names[index])} is missing (${path})`);

  const strings = sharedStrings(text('xl/sharedStrings.xml') ?? '');
  const dateStyles = dateStyleIndexes(text('xl/styles.xml') ?? '');
  const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;

  const warnings: string[] = [];
  if (sheets.length > 1)
    warnings.push(`Read the sheet ${quote(names[index])} (${index + 1} of ${sheets.length}); choose another in the sheet list.`);
  // Rows go straight into the column store as they are read: no array per row is kept.
  let headerRow: RawCell[] | null = null;
  const cells = new ColumnTableBuilder(0, true);
  let filled = 0; // data rows up to the last one with a value: trailing blank rows are dropped
  for (const row of sheetRows(sheetXml, strings, dateStyles, epoch)) {
    const blank = row.every((c) => c === '');
    if (headerRow === null) {
      if (!blank) headerRow = row;
      continue;
    }
    for (let c = 0; c < row.length; c++) cells.pushCell(c, row[c]);
    cells.endRow();
    if (!blank) filled = cells.rowCount;
  }
  if (headerRow === null)
    throw new IntakeError('empty-file', `The sheet ${quote(names[index])} is empty. Choose a sheet with a header row and data rows.`);
  if (filled === 0) {
    throw new IntakeError('no-data-rows', `The sheet ${quote(names[index])} has a header row but no data rows.`);
  }
  const names0 = headerRow;
  const width = Math.max(names0.length, cells.width);
  const header = uniqueNames(
    Array.from({ length: width }, (_, j) => String(names0[j] ?? '')),
    warnings,
  );
  const source: TableSource = cells.finish(header, undefined, filled);
  return { source, sheets: names, sheet: index, warnings };
}

function bad(why: string): IntakeError {
  return new IntakeError(
    'xlsx-bad',
    `This .xlsx workbook could not be read (${why}). Save it again from Excel, or export the sheet as CSV.`,
  );
}

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = unescapeXml(m[2]);
  return out;
}

/** XML entities, and OOXML's _xHHHH_ escapes of control characters. */
function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e] ?? '';
    });
}

/** The text runs of a string item, without phonetic (ruby) runs. */
function itemText(xml: string): string {
  const plain = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let out = '';
  for (const m of plain.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += m[1];
  return unescapeXml(out);
}

function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?si>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\/>/g)].map((m) => (m[1] ? itemText(m[1]) : ''));
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormatCode(code: string): boolean {
  // Quoted text, escapes and [colour]/[locale] brackets say nothing; then any of d m y h s is a date part.
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** The cellXfs style indexes whose number format is a date or time. */
function dateStyleIndexes(xml: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    if (a.numFmtId && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
  }
  const out = new Set<number>();
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml);
  if (!xfs) return out;
  let i = 0;
  for (const m of xfs[1].matchAll(/<(?:\w+:)?xf\b([^>]*?)(?:\/>|>)/g)) {
    const id = Number(attrs(m[1]).numFmtId ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id)) out.add(i);
    i++;
  }
  return out;
}

/** "BC12" -> column 54 (0-based). */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A date serial as an ISO date (whole days) or date-time. */
function serialToIso(serial: number, epoch: number): string {
  const ms = Math.round((serial - epoch) * 86_400) * 1000; // to the second: serials carry float noise
  const iso = new Date(ms).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** The sheet's rows in order, rows Excel left out as empty ones. */
function* sheetRows(xml: string, strings: string[], dateStyles: Set<number>, epoch: number): Generator<RawCell[]> {
  const data = /<(?:\w+:)?sheetData\b[^>]*>([\s\S]*?)<\/(?:\w+:)?sheetData>/.exec(xml)?.[1] ?? '';
  let count = 0;
  for (const rm of data.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const ra = attrs(rm[1]);
    const at = ra.r ? Number(ra.r) - 1 : count;
    for (; count < at; count++) yield []; // rows Excel left out are empty
    const row: RawCell[] = [];
    for (const cm of (rm[2] ?? '').matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
      const a = attrs(cm[1]);
      const col = a.r ? columnIndex(a.r) : row.length;
      while (row.length < col) row.push('');
      row[col] = cellValue(a, cm[2] ?? '', strings, dateStyles, epoch);
    }
    count++;
    yield row;
  }
}

function cellValue(a: Record<string, string>, inner: string, strings: string[], dateStyles: Set<number>, epoch: number): RawCell {
  const v = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  switch (a.t) {
    case 's':
      return v === undefined ? '' : (strings[Number(v)] ?? '');
    case 'inlineStr':
      return itemText(/<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? '');
    case 'str':
    case 'e':
      return v === undefined ? '' : unescapeXml(v); // a formula's text result, or an error such as #N/A
    case 'b':
      return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : '';
    case 'd':
      return v === undefined ? '' : unescapeXml(v); // already an ISO date
    default: {
      if (v === undefined || v.trim() === '') return '';
      const n = Number(v);
      if (!Number.isFinite(n)) return v;
      return dateStyles.has(Number(a.s ?? 0)) ? serialToIso(n, epoch) : n;
    }
  }
}
