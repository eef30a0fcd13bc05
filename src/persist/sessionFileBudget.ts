/**
 * What an .imlab file may cost to open, checked on the sizes its zip declares before anything is inflated: a table
 * over the size the page reads, or entries that would inflate past the total, are refused with a sentence, and
 * nothing of the file is kept. (Entries that inflate past what they declare are cut at it by the unzip.)
 */
import type { UnzipFileInfo } from 'fflate';
import { SessionFormatError } from './migrate';

export interface SessionFileBudget {
  /** The largest table the page reads (the same limit as an opened file). */
  maxTableBytes: number;
  /** All entries together: the table, the description and the arrays (scores, checkpoint). */
  maxTotalBytes: number;
  /** The description (imlab-session.json), parsed as one string. */
  maxManifestBytes: number;
}

const MB = 2 ** 20;
const mb = (n: number) => `${Math.ceil(n / MB).toLocaleString('en-US')} MB`;

/** Refuses a file by the sizes its entries declare (the table is the entry under `table/`). */
export function checkDeclaredSizes(
  entries: readonly Pick<UnzipFileInfo, 'name' | 'originalSize'>[],
  budget: SessionFileBudget,
  manifestName: string,
): void {
  let total = 0;
  for (const e of entries) {
    if (!Number.isFinite(e.originalSize) || e.originalSize < 0)
      throw new SessionFormatError('This session file is damaged (an entry declares no valid size). It was not opened.');
    total += e.originalSize;
    if (e.name.startsWith('table/') && e.originalSize > budget.maxTableBytes)
      throw new SessionFormatError(
        `It holds a table of ${mb(e.originalSize)}; IMLab reads tables up to ${mb(budget.maxTableBytes)} in the browser. ` +
          'Open a sample of the table instead. Nothing of it was saved.',
      );
    if (e.name === manifestName && e.originalSize > budget.maxManifestBytes)
      throw new SessionFormatError(
        `Its description is ${mb(e.originalSize)}, more than the ${mb(budget.maxManifestBytes)} a session needs: it is damaged or not from IMLab. Nothing of it was saved.`,
      );
  }
  if (total > budget.maxTotalBytes)
    throw new SessionFormatError(
      `It would take ${mb(total)} once unpacked; IMLab opens session files up to ${mb(budget.maxTotalBytes)} in the browser. Nothing of it was saved.`,
    );
}
