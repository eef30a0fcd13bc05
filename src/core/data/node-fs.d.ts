// The app tsconfig has no Node types, but the tests run in Node and read their fixtures from disk.
// Declares only what the tests use; merges harmlessly with @types/node if that is ever added.
declare module 'node:fs' {
  export function readFileSync(path: URL): Uint8Array;
  export function readFileSync(path: URL, encoding: 'utf8'): string;
}
