/** The phases a demo run goes through, by epoch, for the timeline above the views. */
import type { Method } from '../core/config';
import { queryEpochs } from '../core/train/schedule';
import { demoConfig } from './demoConfig';

export interface Segment {
  kind: 'plain' | 'trimmed' | 'polarization';
  from: number;
  to: number;
  label: string;
}

export interface DemoSchedule {
  totalEpochs: number;
  segments: Segment[];
  /** Epochs after which a query round opens. */
  rounds: number[];
}

/** ODIM has no fixed schedule (it stops when the losses stop getting more bimodal): null. */
export function demoSchedule(method: Method): DemoSchedule | null {
  const cfg = demoConfig(method, 0);
  if (method === 'imboost') {
    const c = cfg.imboost;
    const total = c.warmupEpochs + c.polarizationEpochs;
    return {
      totalEpochs: total,
      segments: [
        { kind: 'plain', from: 0, to: c.plainEpochs, label: 'plain' },
        { kind: 'trimmed', from: c.plainEpochs, to: c.warmupEpochs, label: 'warm-up, trimmed' },
        { kind: 'polarization', from: c.warmupEpochs, to: total, label: 'polarization + queries' },
      ],
      rounds: queryEpochs(c),
    };
  }
  if (method === 'altbi') {
    const c = cfg.altbi;
    return {
      totalEpochs: c.epochs,
      segments: [
        { kind: 'plain', from: 0, to: c.plainEpochs, label: 'plain' },
        { kind: 'trimmed', from: c.plainEpochs, to: c.epochs, label: 'trimmed, growing batch (no labels)' },
      ],
      rounds: [],
    };
  }
  return null;
}
