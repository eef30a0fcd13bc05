/** The launch options bench/chromium.mjs exports, for the TypeScript benchmarks. */
export declare const CHROMIUM_LAUNCH: { executablePath: string; args: string[] };
