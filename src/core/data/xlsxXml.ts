/**
 * The XML of a workbook's parts, scanned without a DOM (a worker has none) and in one pass: every element is
 * found by searching forward from the last one, so a part costs time in proportion to its size, and an element
 * that is never closed ends the scan with a sentence naming the part (regular expressions with lazy bodies went
 * back over the rest of the part for every unclosed tag: quadratic).
 */
import { IntakeError } from './errors';

export function xlsxBad(fileName: string, why: string): IntakeError {
  return new IntakeError('xlsx-bad', `${fileName} is damaged (${why}). Save it again from Excel, or export the sheet as CSV.`);
}

export interface Element {
  /** The text between the tag name and '>' (its attributes). */
  attrs: string;
  /** Where the element's content starts and ends; start === end for an empty or self-closed element. */
  start: number;
  end: number;
}

/**
 * The `local` elements (any namespace prefix) between `from` and `to`, in order. They must not nest (rows,
 * cells, string items, text runs do not): an opening tag met before the previous one's close is a tag that
 * was never closed.
 */
export function* elements(xml: string, local: string, from: number, to: number, part: string, fileName: string): Generator<Element> {
  const open = new RegExp(`<(?:[\\w.-]+:)?${local}(?=[\\s/>])`, 'g');
  const close = new RegExp(`</(?:[\\w.-]+:)?${local}\\s*>`, 'g');
  const unclosed = () => xlsxBad(fileName, `${part}: a <${local}> element is never closed; the file may be cut off`);
  open.lastIndex = from;
  let next = open.exec(xml);
  while (next !== null && next.index < to) {
    const gt = xml.indexOf('>', next.index + next[0].length);
    if (gt < 0 || gt >= to) throw unclosed();
    const attrs = xml.slice(next.index + next[0].length, xml.charCodeAt(gt - 1) === 47 ? gt - 1 : gt);
    if (xml.charCodeAt(gt - 1) === 47) {
      open.lastIndex = gt + 1;
      next = open.exec(xml);
      yield { attrs, start: gt + 1, end: gt + 1 };
      continue;
    }
    close.lastIndex = gt + 1;
    const shut = close.exec(xml);
    if (shut === null || shut.index >= to) throw unclosed();
    open.lastIndex = gt + 1;
    next = open.exec(xml);
    if (next !== null && next.index < shut.index) throw unclosed();
    yield { attrs, start: gt + 1, end: shut.index };
  }
}

/** The content of the first `local` element in the range, or null when there is none. */
export function firstElement(xml: string, local: string, from: number, to: number, part: string, fileName: string): Element | null {
  for (const e of elements(xml, local, from, to, part, fileName)) return e;
  return null;
}

export function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = unescapeXml(m[2]);
  return out;
}

/** XML entities, and OOXML's _xHHHH_ escapes of control characters. */
export function unescapeXml(s: string): string {
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (_, e: string) => {
      if (e[0] !== '#') return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e] ?? '';
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'; // a code point past Unicode is damage, not a crash
    });
}

/** The text runs of a string item, without phonetic (ruby) runs. */
export function itemText(xml: string, start: number, end: number, part: string, fileName: string): string {
  let out = '';
  let from = start;
  // Phonetic runs hold <t> elements of their own: read the runs between them.
  for (const ph of elements(xml, 'rPh', start, end, part, fileName)) {
    for (const t of elements(xml, 't', from, ph.start, part, fileName)) out += xml.slice(t.start, t.end);
    from = ph.end;
  }
  for (const t of elements(xml, 't', from, end, part, fileName)) out += xml.slice(t.start, t.end);
  return unescapeXml(out);
}

export function sharedStrings(xml: string, part: string, fileName: string): string[] {
  const out: string[] = [];
  for (const si of elements(xml, 'si', 0, xml.length, part, fileName)) out.push(itemText(xml, si.start, si.end, part, fileName));
  return out;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormatCode(code: string): boolean {
  // Quoted text, escapes and [colour]/[locale] brackets say nothing; then any of d m y h s is a date part.
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** The cellXfs style indexes whose number format is a date or time. */
export function dateStyleIndexes(xml: string, part: string, fileName: string): Set<number> {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const a = attrs(m[1]);
    if (a.numFmtId && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
  }
  const out = new Set<number>();
  const xfs = firstElement(xml, 'cellXfs', 0, xml.length, part, fileName);
  if (!xfs) return out;
  let i = 0;
  for (const m of xml.slice(xfs.start, xfs.end).matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
    const id = Number(attrs(m[1]).numFmtId ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id)) out.add(i);
    i++;
  }
  return out;
}
