/**
 * The deterministic scorer as an ONNX model (opset 13, IR version 8), built with the onnx-proto message classes:
 * input `features` float32 [N, D], the table after the documented encoding (data/featureEncoding.ts: numbers,
 * date parts, one-hot categories; NaN = missing); output `score` float32 [N], higher = more outlying.
 * The graph fills NaN with the training medians, min-max scales with the training ranges, runs the IWAE in eval
 * mode with the fixed noise [K, latent] and returns -(logsumexp_k log w_k - log K), as scoreEncoded does.
 * The encoding itself travels in the metadata (`imlab.columns`), so a reader can encode raw rows (bench/score.ts).
 */
import * as proto from 'onnx-proto';
import { SCORER_VS_RUN } from './agreement';
import { scorerWeights, type ScoringModel } from './scorer';

type OnnxNs = typeof proto.onnx;
// onnx-proto is CommonJS: bundlers expose its namespace by name, Node's loader only under default.
const onnx: OnnxNs = (proto as { onnx?: OnnxNs }).onnx ?? (proto as unknown as { default: { onnx: OnnxNs } }).default.onnx;

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 8;
export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'score';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

class GraphBuilder {
  readonly nodes: proto.onnx.INodeProto[] = [];
  readonly initializers: proto.onnx.ITensorProto[] = [];
  private count = 0;

  /** A float32 constant (little-endian raw data, as the format stores it). */
  floats(name: string, values: ArrayLike<number>, dims: number[]): string {
    const f = Float32Array.from(values);
    this.initializers.push({ name, dataType: FLOAT, dims, rawData: new Uint8Array(f.buffer) });
    return name;
  }

  ints(name: string, values: number[]): string {
    this.initializers.push({ name, dataType: INT64, dims: [values.length], int64Data: values });
    return name;
  }

  op(opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}): string {
    const out = `${opType.toLowerCase()}_${this.count++}`;
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v)
        ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v }
        : Number.isInteger(v) && name !== 'alpha'
          ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
          : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v },
    );
    this.nodes.push({ opType, input: inputs, output: [out], name: out, attribute });
    return out;
  }
}

function tensorType(dims: (number | string)[]): proto.onnx.ITypeProto {
  return {
    tensorType: {
      elemType: FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  };
}

/** Encodes the scorer as an .onnx file's bytes. */
export function scorerToOnnx(m: ScoringModel, meta: { producerVersion?: string; source?: string } = {}): Uint8Array {
  const { inputDim: d, hidden, latent: l } = m.arch;
  const { logvarMin, logvarMax, bnEps, leakySlope } = m.model;
  const w = scorerWeights(m);
  const g = new GraphBuilder();
  const invStd = w.bn.map((b) => Float32Array.from(b.variance, (v) => 1 / Math.sqrt(v + bnEps)));
  const span = Array.from(m.min, (lo, c) => m.max[c] - lo);
  const lvMin = g.floats('logvar_min', [logvarMin], []);
  const lvMax = g.floats('logvar_max', [logvarMax], []);
  const half = g.floats('half', [0.5], []);
  const minusHalf = g.floats('minus_half', [-0.5], []);
  const axis1 = g.ints('axis_1', [1]);
  const axis2 = g.ints('axis_2', [2]);
  const block = (h: string, weight: Float32Array, inDim: number, outDim: number, i: number, tag: string) => {
    const a = g.op('MatMul', [h, g.floats(`${tag}_w`, weight, [inDim, outDim])]);
    const centred = g.op('Sub', [a, g.floats(`${tag}_bn_mean`, w.bn[i].mean, [outDim])]);
    const normed = g.op('Mul', [centred, g.floats(`${tag}_bn_inv_std`, invStd[i], [outDim])]);
    return g.op('LeakyRelu', [normed], { alpha: leakySlope });
  };
  const slice = (x: string, from: number, to: number, axis: string, tag: string) =>
    g.op('Slice', [x, g.ints(`${tag}_start`, [from]), g.ints(`${tag}_end`, [to]), axis]);

  // Fill, then scale: (x - min) * (1 / span), a constant column to 0, as the run's min-max scaling.
  const filled = g.op('Where', [g.op('IsNaN', [ONNX_INPUT]), g.floats('fill', m.fill, [d]), ONNX_INPUT]);
  const inv = span.map((s) => (s > 0 ? 1 / s : 0));
  const x = g.op('Mul', [g.op('Sub', [filled, g.floats('range_min', m.min, [d])]), g.floats('range_inv_span', inv, [d])]);

  const encWidths = [d, ...hidden];
  let h = x;
  hidden.forEach((_, i) => (h = block(h, w.enc[i], encWidths[i], encWidths[i + 1], i, `enc${i}`)));
  const encOut = g.op('MatMul', [h, g.floats('enc_head', w.encHead, [hidden[hidden.length - 1], 2 * l])]);
  const muQ = slice(encOut, 0, l, axis1, 'mu_q');
  const lvQ = g.op('Clip', [
    g.op('Add', [slice(encOut, l, 2 * l, axis1, 'lv_q'), g.floats('enc_logvar_bias', w.encLogvarBias, [l])]),
    lvMin,
    lvMax,
  ]);
  const sigmaQ = g.op('Exp', [g.op('Mul', [lvQ, half])]);
  // z [N, K, L] = mu + eps * sigma with one noise draw [1, K, L] for every row.
  const eps = g.floats('noise', m.noise, [1, m.k, l]);
  const z = g.op('Add', [g.op('Unsqueeze', [muQ, axis1]), g.op('Mul', [eps, g.op('Unsqueeze', [sigmaQ, axis1])])]);

  const decWidths = [l, ...[...hidden].reverse()];
  let t = z;
  hidden.forEach((_, i) => (t = block(t, w.dec[i], decWidths[i], decWidths[i + 1], hidden.length + i, `dec${i}`)));
  const decOut = g.op('MatMul', [t, g.floats('dec_head', w.decHead, [hidden[0], 2 * d])]);
  const muX = g.op('Sigmoid', [slice(decOut, 0, d, axis2, 'mu_x')]);
  const lvX = g.op('Clip', [
    g.op('Add', [slice(decOut, d, 2 * d, axis2, 'lv_x'), g.floats('dec_logvar_bias', w.decLogvarBias, [d])]),
    lvMin,
    lvMax,
  ]);
  const diff = g.op('Sub', [muX, g.op('Unsqueeze', [x, axis1])]);
  const quad = g.op('Mul', [g.op('Mul', [diff, diff]), g.op('Mul', [g.op('Exp', [g.op('Neg', [lvX])]), half])]);
  const logPx = g.op('Neg', [g.op('ReduceSum', [g.op('Add', [lvX, quad]), axis2], { keepdims: 0 })]); // [N, K]
  const logPz = g.op('Mul', [g.op('ReduceSumSquare', [z], { axes: [2], keepdims: 0 }), minusHalf]); // [N, K]
  const epsSq = Array.from({ length: m.k }, (_, k) => {
    let s = 0;
    for (let j = 0; j < l; j++) s += m.noise[k * l + j] ** 2;
    return 0.5 * s;
  });
  // log q(z|x) = -sum(logvar)/2 - |eps|^2/2: [N, 1] minus [K].
  const logQz = g.op('Sub', [
    g.op('Mul', [g.op('ReduceSum', [lvQ, axis1], { keepdims: 1 }), minusHalf]),
    g.floats('half_eps_sq', epsSq, [m.k]),
  ]);
  const logw = g.op('Sub', [g.op('Add', [logPx, logPz]), logQz]);
  // Max-shifted logsumexp over the K samples.
  const top = g.op('ReduceMax', [logw], { axes: [1], keepdims: 1 });
  const sum = g.op('ReduceSum', [g.op('Exp', [g.op('Sub', [logw, top])]), axis1], { keepdims: 0 });
  const lse = g.op('Add', [g.op('Log', [sum]), g.op('Squeeze', [top, axis1])]);
  const score = g.op('Sub', [g.floats('log_k', [Math.log(m.k)], []), lse]);
  g.nodes.push({ opType: 'Identity', input: [score], output: [ONNX_OUTPUT], name: ONNX_OUTPUT });

  const model: proto.onnx.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'IMLab',
    producerVersion: meta.producerVersion ?? '',
    docString:
      'IMLab deterministic outlier scorer (IWAE, fixed importance-sample noise). Input: the encoded feature matrix ' +
      '(metadata imlab.columns gives the encoding; NaN = missing, filled with the training medians). Output: score, higher = more outlying. ' +
      SCORER_VS_RUN,
    graph: {
      name: 'imlab_scorer',
      node: g.nodes,
      initializer: g.initializers,
      input: [{ name: ONNX_INPUT, type: tensorType(['N', d]) }],
      output: [{ name: ONNX_OUTPUT, type: tensorType(['N']) }],
    },
    metadataProps: [
      { key: 'imlab.format', value: `${m.format}/${m.version}` },
      { key: 'imlab.method', value: m.method },
      { key: 'imlab.columns', value: JSON.stringify(m.columns) },
      { key: 'imlab.featureNames', value: JSON.stringify(m.featureNames) },
      { key: 'imlab.noise', value: JSON.stringify({ k: m.k, seed: m.noiseSeed }) },
      { key: 'imlab.vsRun', value: SCORER_VS_RUN },
      ...(meta.source ? [{ key: 'imlab.source', value: meta.source }] : []),
    ],
  };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

/** The metadata of an .onnx file this module wrote (the CLI reads the encoding from it). */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const m = onnx.ModelProto.decode(bytes);
  return Object.fromEntries((m.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
}
