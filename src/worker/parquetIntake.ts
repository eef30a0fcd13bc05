/**
 * The engine worker's Parquet path: decoded in a worker of its own, watched. A file that makes no progress
 * for STALL_MS (one column chunk taking that long: damaged pages, not size) is stopped with a message, so
 * the page can go on to another file. Where there is no Worker (Node: tests, bench) it is decoded in place.
 */
import { PARQUET_STALL_MS } from '../core/data/budgets';
import { IntakeError } from '../core/data/errors';
import type { ReadParquetResult } from '../core/data/parquet';
import { parquetTable, type ParquetData } from '../core/data/parquetTable';
import { blobBytes, type ParquetReply, type ParquetRequest } from './parquetMessages';
import { failedMessage } from './readWatched';
import { watchWorker } from './watchWorker';

/** Healthy files report after every column chunk, which takes well under a second even at a million rows. */
const STALL_MS = PARQUET_STALL_MS;

/** Where there is no Worker: its own chunk, so the CSV path does not load hyparquet and its decompressors. */
const reader = () => import('../core/data/parquet');

export async function readParquetFile(file: Blob, name: string, onProgress?: (fraction: number) => void): Promise<ReadParquetResult> {
  if (typeof Worker === 'undefined') return (await reader()).readParquet(blobBytes(file), name, onProgress);
  const data = await decodeWatched(file, name, onProgress);
  return { source: parquetTable(data), warnings: data.warnings };
}

/** Bytes already in memory (a decompressed .gz, a zip entry). */
export async function readParquetBytes(bytes: Uint8Array, name: string): Promise<ReadParquetResult> {
  if (typeof Worker !== 'undefined') return readParquetFile(new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  const { inMemory, readParquet } = await reader();
  return readParquet(inMemory(bytes), name);
}

function decodeWatched(file: Blob, name: string, onProgress?: (fraction: number) => void): Promise<ParquetData> {
  const worker = new Worker(new URL('./parquet.worker.ts', import.meta.url), { type: 'module', name: 'imlab-parquet' });
  return watchWorker(worker, { file, name } satisfies ParquetRequest, {
    stallMs: STALL_MS,
    stalled: () =>
      new IntakeError(
        'parquet-bad',
        `${name} could not be read as Parquet: decoding stopped making progress (its data pages are probably damaged). Export or download it again, or save the table as CSV.`,
      ),
    failed: failedMessage(name),
    result: (done: Extract<ParquetReply, { type: 'done' }>) => done.data,
    onProgress,
  });
}
