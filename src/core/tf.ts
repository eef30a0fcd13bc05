// The engine's single TF.js entry. tfjs-core alone registers no gradients, and training needs them;
// core must be evaluated first (its flags), so the re-export comes before the registration import.
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
