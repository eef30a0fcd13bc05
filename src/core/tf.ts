// The engine's single TF.js entry: tfjs-core alone registers no gradients, and training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
export * from '@tensorflow/tfjs-core';
