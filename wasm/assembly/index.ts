// IMLab's compute kernels in WebAssembly SIMD (AssemblyScript). Raw f32 buffers in linear memory,
// addressed by byte offsets the host (src/core/wasm/) allocates; no AssemblyScript heap, no GC.
// The host strings these kernels into the IWAE's forward pass, its hand-written backward pass and Adam.

/** First free byte after the module's static data: the host's allocations start here. */
export function heapBase(): usize {
  return __heap_base;
}

export { gemm, transpose } from './gemm';
export { bnTrainForward, bnEvalForward, bnBackward, bnRunningUpdate } from './batchnorm';
export { expArray, encHeadForward, decHeadForward, decHeadBackward, encHeadBackward } from './heads';
export { adam } from './adam';
export { fillNormal } from './noise';
export { forestSum } from './forest';
