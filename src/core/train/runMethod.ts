import { runAltbi } from './altbi';
import { runAutoencoder } from './autoencoder';
import { runContrast } from '../contrast/run';
import { runImboost } from './imboost';
import { runOdim } from './odim';
import type { RunOptions, RunResult } from './run';

/** Runs the method the config names. */
export function runMethod(opts: RunOptions): Promise<RunResult> {
  switch (opts.config.method) {
    case 'imboost':
      return runImboost(opts);
    case 'altbi':
      return runAltbi(opts);
    case 'odim':
      return runOdim(opts);
    case 'ae':
    case 'gradstop':
    case 'rejection':
      return runAutoencoder(opts);
    case 'contrast':
      return runContrast(opts);
  }
}
