/**
 * A small .xlsx reader (Office Open XML spreadsheet). The zip's directory is read first and each part it needs
 * (workbook, relationships, shared strings, styles, one worksheet) is inflated within its budget (budgets.ts);
 * the XML is scanned in one pass (xlsxXml.ts), as a worker has no DOMParser. Numbers stay numbers,
 * date-formatted cells become ISO dates, text stays text, and formulas give their cached values. Only the
 * columns that hold something are built (a lone cell at XFD2 does not make 16,380 empty columns), and blank
 * rows are skipped, so a sheet costs what its cells hold, not what its references span.
 */
import {
  byteSize,
  groupDigits,
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_FIELD_CHARS,
  MAX_ROWS,
  MAX_XML_PART_BYTES,
  MAX_ZIP_INFLATED_BYTES,
} from './budgets';
import type { RawCell } from './cells';
import { ColumnTable, ColumnTableBuilder } from './columnTable';
import { uniqueNames } from './names';
import { IntakeError, quote } from './errors';
import { inflateMember, zipDirectory, type ZipMember } from './zip';
import { attrs, dateStyleIndexes, elements, firstElement, itemText, sharedStrings, unescapeXml, xlsxBad } from './xlsxXml';

export interface XlsxTable {
  source: ColumnTable;
  sheets: string[];
  sheet: number;
  warnings: string[];
}

/** Days from Excel's day 0 (1899-12-30, counting its 1900 leap-year bug) to 1970-01-01. */
const EPOCH_1900 = 25569;
const EPOCH_1904 = 24107;

/** Called every this many rows, so a watchdog sees a big sheet moving. */
const PROGRESS_ROWS = 4096;

/** The workbook's parts as text, each inflated within the part budget and all together within the archive's. */
function partReader(bytes: Uint8Array, fileName: string): (path: string) => string | null {
  let members: Map<string, ZipMember>;
  try {
    members = new Map(zipDirectory(bytes, fileName).map((m) => [m.name, m]));
  } catch (e) {
    if (e instanceof IntakeError && e.code !== 'not-zip') throw e;
    throw xlsxBad(fileName, 'the archive is damaged');
  }
  let left = MAX_ZIP_INFLATED_BYTES;
  const decoder = new TextDecoder();
  return (path) => {
    const m = members.get(path);
    if (!m) return null;
    const limit = Math.min(MAX_XML_PART_BYTES, left);
    const what =
      limit === MAX_XML_PART_BYTES
        ? `IMLab reads workbook parts of up to ${byteSize(MAX_XML_PART_BYTES)}; save the sheet as CSV, or split it`
        : `IMLab reads up to ${byteSize(MAX_ZIP_INFLATED_BYTES)} from one workbook; save the sheet as CSV, or split it`;
    const data = inflateMember(bytes, m, fileName, { limit, what });
    left -= data.length;
    return decoder.decode(data);
  };
}

export function readXlsx(bytes: Uint8Array, sheetIndex = 0, fileName = 'This .xlsx workbook', onProgress?: () => void): XlsxTable {
  const text = partReader(bytes, fileName);
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw xlsxBad(fileName, 'it has no workbook part (xl/workbook.xml)');
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)].map((m) => attrs(m[1]));
  if (sheets.length === 0) throw xlsxBad(fileName, 'the workbook lists no sheets');
  const index = Math.min(Math.max(0, sheetIndex), sheets.length - 1);
  const names = sheets.map((s, i) => s.name ?? `Sheet${i + 1}`);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook);

  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attrs(m[1]);
    if (a.Id && a.Target) rels.set(a.Id, a.Target);
  }
  const relId = Object.entries(sheets[index]).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
  const target = (relId && rels.get(relId)) ?? `worksheets/sheet${index + 1}.xml`;
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  const sheetXml = text(path);
  if (!sheetXml) throw xlsxBad(fileName, `the sheet ${quote(names[index])} is missing (${path})`);

  const strings = sharedStrings(text('xl/sharedStrings.xml') ?? '', 'xl/sharedStrings.xml', fileName);
  const dateStyles = dateStyleIndexes(text('xl/styles.xml') ?? '', 'xl/styles.xml', fileName);
  const ctx: SheetContext = { strings, dateStyles, epoch: date1904 ? EPOCH_1904 : EPOCH_1900, part: path, fileName };

  const warnings: string[] = [];
  if (sheets.length > 1)
    warnings.push(`Read the sheet ${quote(names[index])} (${index + 1} of ${sheets.length}); choose another in the sheet list.`);
  const sheetName = quote(names[index]);
  // Only columns holding something get storage: sheet column -> slot in the builder, in first-seen order.
  const slots = new Map<number, number>();
  const slotOf = (col: number) => {
    let s = slots.get(col);
    if (s === undefined) {
      if (slots.size >= MAX_COLUMNS) {
        throw new IntakeError(
          'too-wide',
          `The sheet ${sheetName} has cells in more than ${groupDigits(MAX_COLUMNS)} columns, the most IMLab reads. Delete the columns you do not need, or save the sheet as CSV with fewer columns.`,
        );
      }
      s = slots.size;
      slots.set(col, s);
    }
    return s;
  };
  let header: Map<number, RawCell> | null = null;
  const cells = new ColumnTableBuilder(0, true);
  let blank = 0;
  let pendingBlank = 0; // only blank rows followed by data are worth a note
  let rows = 0;
  for (const row of sheetRows(sheetXml, ctx)) {
    if (++rows % PROGRESS_ROWS === 0) onProgress?.();
    if (typeof row === 'number' || row.length === 0) {
      if (header !== null) pendingBlank += typeof row === 'number' ? row : 1;
      continue;
    }
    blank += pendingBlank;
    pendingBlank = 0;
    if (header === null) {
      header = new Map(row);
      for (const [col] of row) slotOf(col);
      continue;
    }
    if (cells.rowCount >= MAX_ROWS || (cells.rowCount + 1) * slots.size > MAX_CELLS) {
      throw new IntakeError(
        'too-many-cells',
        `The sheet ${sheetName} holds more than ${groupDigits(cells.rowCount)} rows of ${groupDigits(slots.size)} columns, more than IMLab reads in the browser (${groupDigits(MAX_ROWS)} rows, ${groupDigits(MAX_CELLS)} cells). Sample the rows or keep fewer columns first.`,
      );
    }
    for (const [col, value] of row) cells.pushCell(slotOf(col), value);
    cells.endRow();
  }
  if (header === null)
    throw new IntakeError('empty-file', `The sheet ${sheetName} is empty. Choose a sheet with a header row and data rows.`);
  if (cells.rowCount === 0) {
    throw new IntakeError('no-data-rows', `The sheet ${sheetName} has a header row but no data rows.`);
  }
  if (blank > 0) warnings.push(`Skipped ${groupDigits(blank)} blank row(s) between rows.`);
  return { source: sheetTable(cells, slots, header, warnings), sheets: names, sheet: index, warnings };
}

/** The stored columns in the sheet's column order, named by the header row; says how many empty columns were left out. */
function sheetTable(cells: ColumnTableBuilder, slots: Map<number, number>, header: Map<number, RawCell>, warnings: string[]): ColumnTable {
  const order = [...slots.keys()].sort((a, b) => a - b);
  const span = order[order.length - 1] - order[0] + 1;
  if (span > order.length) {
    warnings.push(
      `Left out ${groupDigits(span - order.length)} empty column(s) (no name, no value) between columns ${columnName(order[0])} and ${columnName(order[order.length - 1])}.`,
    );
  }
  const names = uniqueNames(
    order.map((col) => String(header.get(col) ?? '')),
    warnings,
  );
  const built = cells.finish(
    order.map((_, i) => String(i)),
    undefined,
  );
  const stored = order.map((col) => built.stored[slots.get(col) as number]);
  return new ColumnTable(names, built.rowCount, stored, { numbersAsNumbers: true });
}

/** 0 -> 'A', 16383 -> 'XFD'. */
function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
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
function serialToIso(serial: number, epoch: number): string | number {
  const ms = Math.round((serial - epoch) * 86_400) * 1000; // to the second: serials carry float noise
  if (!(Math.abs(ms) <= 8.64e15)) return serial; // past the dates JavaScript can write: kept as the number
  const iso = new Date(ms).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : iso.slice(0, 19);
}

interface SheetContext {
  strings: string[];
  dateStyles: Set<number>;
  epoch: number;
  part: string;
  fileName: string;
}

/** The sheet's rows in order, each as its non-empty cells [column, value]; rows Excel left out as their count. */
function* sheetRows(xml: string, ctx: SheetContext): Generator<[number, RawCell][] | number> {
  const data = firstElement(xml, 'sheetData', 0, xml.length, ctx.part, ctx.fileName);
  if (data === null) return;
  let count = 0;
  for (const r of elements(xml, 'row', data.start, data.end, ctx.part, ctx.fileName)) {
    const ra = attrs(r.attrs);
    const at = ra.r ? Number(ra.r) - 1 : count;
    if (!(at >= count) || at >= MAX_ROWS + 1) {
      throw xlsxBad(
        ctx.fileName,
        `${ctx.part}: row ${quote(ra.r ?? '')} is out of order or past the ${groupDigits(MAX_ROWS)} rows IMLab reads`,
      );
    }
    if (at > count) yield at - count; // rows Excel left out are blank
    const row: [number, RawCell][] = [];
    let next = 0;
    for (const c of elements(xml, 'c', r.start, r.end, ctx.part, ctx.fileName)) {
      const a = attrs(c.attrs);
      const col = a.r ? columnIndex(a.r) : next;
      next = col + 1;
      const value = cellValue(a, xml.slice(c.start, c.end), ctx);
      if (value === '') continue;
      if (typeof value === 'string' && value.length > MAX_FIELD_CHARS) {
        throw new IntakeError(
          'field-too-long',
          `The cell ${a.r ?? columnName(col) + String(at + 1)} of ${ctx.fileName} holds ${groupDigits(value.length)} characters; IMLab reads cells of up to ${groupDigits(MAX_FIELD_CHARS)}. Shorten or delete that cell.`,
        );
      }
      if (row.length > 0 && row[row.length - 1][0] >= col) {
        throw xlsxBad(ctx.fileName, `${ctx.part}: the cells of row ${at + 1} are out of order`);
      }
      row.push([col, value]);
    }
    count = at + 1;
    yield row;
  }
}

function cellValue(a: Record<string, string>, inner: string, ctx: SheetContext): RawCell {
  const v = firstElement(inner, 'v', 0, inner.length, ctx.part, ctx.fileName);
  const raw = v === null ? undefined : inner.slice(v.start, v.end);
  switch (a.t) {
    case 's':
      return raw === undefined ? '' : (ctx.strings[Number(raw)] ?? '');
    case 'inlineStr': {
      const is = firstElement(inner, 'is', 0, inner.length, ctx.part, ctx.fileName);
      return is === null ? '' : itemText(inner, is.start, is.end, ctx.part, ctx.fileName);
    }
    case 'str':
    case 'e':
      return raw === undefined ? '' : unescapeXml(raw); // a formula's text result, or an error such as #N/A
    case 'b':
      return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : '';
    case 'd':
      return raw === undefined ? '' : unescapeXml(raw); // already an ISO date
    default: {
      if (raw === undefined || raw.trim() === '') return '';
      const n = Number(raw);
      if (!Number.isFinite(n)) return raw;
      return ctx.dateStyles.has(Number(a.s ?? 0)) ? serialToIso(n, ctx.epoch) : n;
    }
  }
}
