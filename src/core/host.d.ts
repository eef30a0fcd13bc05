/**
 * The few host globals the engine may use: those that browsers, workers and Node all have. The core
 * project has no DOM or Node lib (tsconfig.core.json), so anything else fails to type-check here.
 * Only this project sees these declarations; the app, the worker and the tests get the real libs.
 */
declare const performance: { now(): number };
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
/** A message to oneself is a turn of the event loop without setTimeout's 4 ms clamp on nested timers. */
interface MessagePort {
  onmessage: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}
declare class MessageChannel {
  readonly port1: MessagePort;
  readonly port2: MessagePort;
}
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };

type BufferSource = ArrayBufferView | ArrayBuffer;

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: BufferSource, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

/** Enough of WebAssembly for a compute engine that instantiates its own module. */
declare namespace WebAssembly {
  type ImportValue = unknown;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;
  class Module {
    constructor(bytes: BufferSource);
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  interface WebAssemblyInstantiatedSource {
    module: Module;
    instance: Instance;
  }
  function instantiate(bytes: BufferSource, imports?: Imports): Promise<WebAssemblyInstantiatedSource>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
  function compile(bytes: BufferSource): Promise<Module>;
  function validate(bytes: BufferSource): boolean;
}

/** Streams (intake reads files as streams and gunzips them through a TransformStream: browsers, workers, Node 18+). */
type ReadableStreamReadResult<T> = { done: false; value: T } | { done: true; value?: undefined };
interface ReadableStreamDefaultReader<R> {
  read(): Promise<ReadableStreamReadResult<R>>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
interface ReadableWritablePair<T, W> {
  readable: ReadableStream<T>;
  writable: unknown;
  /** Phantom: the written chunk type. */
  readonly __written?: W;
}
interface ReadableStream<R = unknown> {
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: ReadableWritablePair<T, R>): ReadableStream<T>;
  cancel(reason?: unknown): Promise<void>;
}
interface ReadableStreamDefaultController<R> {
  enqueue(chunk: R): void;
  close(): void;
  error(reason?: unknown): void;
}
/** A pull source: a zip member is inflated only as its reader asks. */
interface UnderlyingSource<R> {
  pull?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
  cancel?(reason?: unknown): void | Promise<void>;
}
// The interface above types instances; this adds the constructor, as lib.dom does.
// eslint-disable-next-line no-var
declare var ReadableStream: { new <R = unknown>(source?: UnderlyingSource<R>): ReadableStream<R> };
interface TransformStreamDefaultController<O> {
  enqueue(chunk: O): void;
}
interface Transformer<I, O> {
  start?(controller: TransformStreamDefaultController<O>): void;
  transform?(chunk: I, controller: TransformStreamDefaultController<O>): void | Promise<void>;
  flush?(controller: TransformStreamDefaultController<O>): void | Promise<void>;
}
declare class TransformStream<I = unknown, O = unknown> {
  constructor(transformer?: Transformer<I, O>);
  readonly readable: ReadableStream<O>;
  readonly writable: unknown;
  /** Phantom, as in ReadableWritablePair. */
  readonly __written?: I;
}
