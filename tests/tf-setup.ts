import * as tf from '../src/core/tf';
import '@tensorflow/tfjs-backend-cpu';

/** Unit tests run the engine on the pure-JS CPU backend: exact, and the same code as in the worker. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
