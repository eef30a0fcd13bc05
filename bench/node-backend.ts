import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';

declare const __filename: string;
import path from 'node:path';

/**
 * The fastest backend Node has here: tfjs-node cannot install (its install script downloads a binary),
 * so WASM (SIMD) first, the pure-JS CPU backend as the fallback.
 */
export async function initNodeBackend(prefer: string | undefined = process.env.TFJS_BACKEND): Promise<string> {
  const require = createRequire(__filename);
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  setWasmPaths(path.join(dir, 'dist') + path.sep);
  for (const name of prefer ? [prefer] : ['wasm', 'cpu']) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // try the next backend
    }
  }
  throw new Error('no TF.js backend could start');
}
