/** What the engine worker and the Parquet worker say to each other, and the Blob as hyparquet reads it. */
import type { IntakeErrorCode } from '../core/data/errors';
import type { ParquetBytes, ParquetData } from '../core/data/parquet';

export interface ParquetRequest {
  file: Blob;
  name: string;
}

export type ParquetReply =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; data: ParquetData }
  | { type: 'error'; code: IntakeErrorCode | null; message: string };

/** A Blob read in slices: the file's bytes are never copied whole. */
export function blobBytes(file: Blob): ParquetBytes {
  return { byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() };
}
