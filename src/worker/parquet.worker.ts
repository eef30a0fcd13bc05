/**
 * Decodes a Parquet file off the engine worker, so a file whose damaged pages send the decoder into an
 * endless loop (hyparquet does not bound every run length by the page) can be stopped: the engine
 * worker terminates this one when it stops reporting progress (parquetIntake.ts).
 */
import { IntakeError } from '../core/data/errors';
import { decodeParquet, parquetTransfer } from '../core/data/parquet';
import { blobBytes, type ParquetReply, type ParquetRequest } from './parquetMessages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<ParquetRequest>) => {
  const { file, name } = e.data;
  const post = (reply: ParquetReply, transfer: Transferable[] = []) => scope.postMessage(reply, transfer);
  try {
    const data = await decodeParquet(blobBytes(file), name, (fraction) => post({ type: 'progress', fraction }));
    post({ type: 'done', data }, parquetTransfer(data));
  } catch (err) {
    if (err instanceof IntakeError) post({ type: 'error', code: err.code, message: err.message });
    else post({ type: 'error', code: null, message: err instanceof Error ? err.message : String(err) });
  }
};
