/**
 * Scores a table of any size with an exported IMLab model in ONNX Runtime, streaming (constant memory):
 *   npm run score -- --model model.onnx --data table.csv|table.parquet --out scored.csv [--batch 1024] [--threads 1]
 * The model's metadata (imlab.columns) says how to encode each row, as the app does (src/core/data/featureEncoding.ts).
 * Output: the input's columns and `score`. Prints rows per second and the process's peak resident memory.
 */
import { createReadStream, createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';
import type { RawCell } from '../src/core/data/cells';
import { sniffDelimiter } from '../src/core/data/csv';
import { describeReport, retypedCheck, rowEncoder, type ColumnEncoding, type RowEncoder } from '../src/core/data/featureEncoding';
import { RecordReader } from '../src/core/data/records';
import { ONNX_INPUT, ONNX_OUTPUT, readOnnxMetadata } from '../src/core/score/onnx';

const USAGE = 'usage: npm run score -- --model model.onnx --data table.csv|table.parquet --out scored.csv [--batch 1024] [--threads 1]';

interface Batch {
  /** Raw cells per row (written back out) and the encoded matrix. */
  rows: RawCell[][];
  X: Float32Array;
}

class Scorer {
  private rows: RawCell[][] = [];
  private X: Float32Array;
  scored = 0;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly enc: RowEncoder,
    private readonly out: WriteStream,
    private readonly batch: number,
  ) {
    this.X = new Float32Array(batch * enc.width);
  }

  add(cells: RawCell[]): void {
    this.enc.encode((c) => cells[c] ?? '', this.X, this.rows.length * this.enc.width);
    this.rows.push(cells);
  }

  get full(): boolean {
    return this.rows.length >= this.batch;
  }

  async flush(): Promise<void> {
    const n = this.rows.length;
    if (n === 0) return;
    const b: Batch = { rows: this.rows, X: this.X.subarray(0, n * this.enc.width) };
    const out = await this.session.run({ [ONNX_INPUT]: new ort.Tensor('float32', b.X, [n, this.enc.width]) });
    const scores = out[ONNX_OUTPUT].data as Float32Array;
    let text = '';
    for (let i = 0; i < n; i++) text += b.rows[i].map(csvField).join(',') + ',' + scores[i] + '\n';
    this.rows = [];
    this.scored += n;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}

function csvField(v: RawCell): string {
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function* csvRecords(path: string): AsyncGenerator<{ header: string[] } | { record: string[] }> {
  const decoder = new TextDecoder('utf-8');
  let reader: RecordReader | null = null;
  let header: string[] | null = null;
  let queue: string[][] = [];
  let head = ''; // the first 64 KB, to sniff the delimiter as the app does
  const drain = function* () {
    for (const r of queue) {
      if (!header) yield { header: (header = r) };
      else if (!(r.length === 1 && r[0] === '')) yield { record: r };
    }
    queue = [];
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let text = decoder.decode(chunk as Buffer, { stream: true });
    if (!reader) {
      head += text;
      if (head.length < 64 * 1024) continue;
      reader = new RecordReader(sniffDelimiter(head, false) ?? ',', (f) => queue.push(f));
      [text, head] = [head, ''];
    }
    reader.push(text);
    yield* drain();
  }
  const rest = head + decoder.decode();
  reader ??= new RecordReader(sniffDelimiter(rest, true) ?? ',', (f) => queue.push(f));
  reader.push(rest);
  reader.finish();
  yield* drain();
}

/** Parquet, one row group at a time (hyparquet): memory is bounded by the largest row group. */
async function* parquetRecords(path: string): AsyncGenerator<{ header: string[] } | { record: RawCell[] }> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import('hyparquet');
  const file = await asyncBufferFromFile(path);
  const meta = await parquetMetadataAsync(file);
  const header = meta.schema.slice(1).map((s) => s.name);
  yield { header };
  let start = 0;
  for (const g of meta.row_groups) {
    const end = start + Number(g.num_rows);
    let rows: unknown[][] = [];
    await parquetRead({ file, metadata: meta, rowStart: start, rowEnd: end, onComplete: (r) => (rows = r as unknown[][]) });
    for (const r of rows)
      yield { record: r.map((v) => (v == null ? '' : typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : String(v))) };
    start = end;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      batch: { type: 'string' },
      threads: { type: 'string' },
    },
  });
  if (!values.model || !values.data || !values.out) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const bytes = new Uint8Array(readFileSync(values.model));
  let meta: Record<string, string>;
  try {
    meta = readOnnxMetadata(bytes);
  } catch {
    throw new Error(`${values.model} is not an ONNX file (export one with "Export model (ONNX)" or npm run model)`);
  }
  if (!meta['imlab.format']?.startsWith('imlab-scorer/'))
    throw new Error(`${values.model} is not an IMLab model (no imlab.format metadata)`);
  const columns = JSON.parse(meta['imlab.columns']) as ColumnEncoding[];
  ort.env.wasm.numThreads = Number(values.threads ?? 1);
  const session = await ort.InferenceSession.create(bytes);
  const batch = Number(values.batch ?? 1024);
  const out = createWriteStream(values.out);
  const records = values.data.endsWith('.parquet') ? parquetRecords(values.data) : csvRecords(values.data);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let scorer: Scorer | null = null;
  let enc: RowEncoder | null = null;
  for await (const item of records) {
    if ('header' in item) {
      enc = rowEncoder(item.header, columns);
      scorer = new Scorer(session, enc, out, batch);
      out.write([...item.header, 'score'].map(csvField).join(',') + '\n');
      continue;
    }
    scorer!.add(item.record);
    if (scorer!.full) {
      await scorer!.flush();
      // The first batch settles the column types: a numeric column of text fails early, not after hours.
      if (scorer!.scored === batch) retypedCheck(enc!.report, columns);
    }
  }
  if (!scorer || !enc) throw new Error(`${values.data} has no header row`);
  await scorer.flush();
  retypedCheck(enc.report, columns);
  out.end();
  await once(out, 'finish');
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  // CPU seconds too: on a shared machine the wall clock says more about the neighbours than about the scorer.
  console.log(
    `scored ${scorer.scored} rows in ${seconds.toFixed(1)} s: ${Math.round(scorer.scored / seconds)} rows/s wall, ` +
      `${Math.round(scorer.scored / cpuSeconds)} rows per CPU second (${cpuSeconds.toFixed(1)} CPU s; batch ${batch}, ` +
      `${ort.env.wasm.numThreads} thread); peak RSS ${rss.toFixed(0)} MB; wrote ${values.out}`,
  );
  for (const line of describeReport(enc.report)) console.log(`  ${line}`);
  await session.release();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
