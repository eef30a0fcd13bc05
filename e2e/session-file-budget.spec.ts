import { expect, test, type Page } from '@playwright/test';
import { sessionDeclaring } from '../tests/zipDeclare';
import { openApp } from './reliability-helpers';

/**
 * A session file is unpacked in a worker of its own and refused by the sizes its zip declares before anything is
 * inflated or saved: a sentence, nothing new in Saved sessions (nor in IndexedDB), the table on screen untouched.
 * The fixtures are a few kB that declare gigabytes (tests/zipDeclare.ts).
 */

/** The ids of the sessions IndexedDB holds. */
function storedSessions(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('imlab');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('sessions')) return resolve([]);
          const keys = db.transaction('sessions', 'readonly').objectStore('sessions').getAllKeys();
          keys.onsuccess = () => resolve(keys.result.map(String).sort());
          keys.onerror = () => reject(new Error(String(keys.error)));
        };
      }),
  );
}

for (const [what, bytes, says] of [
  ['a 3.5 GB table', 3.5 * 2 ** 30, 'It holds a table of 3,584 MB; IMLab reads tables up to 512 MB in the browser.'],
  ['a 1 GB table', 2 ** 30, 'It holds a table of 1,024 MB; IMLab reads tables up to 512 MB in the browser.'],
] as const) {
  test(`an .imlab holding ${what}: refused by its declared size at once, nothing saved, the table before untouched`, async ({ page }) => {
    await openApp(page);
    const before = await storedSessions(page);
    const listed = await page.getByTestId('saved-session').count();
    const t0 = Date.now();
    await page.getByTestId('session-input').setInputFiles({
      name: 'huge.imlab',
      mimeType: 'application/zip',
      buffer: Buffer.from(sessionDeclaring(bytes)),
    });
    await expect(page.getByTestId('restore-error')).toContainText(`huge.imlab could not be opened: ${says}`, { timeout: 10_000 });
    await expect(page.getByTestId('restore-error')).toContainText('Nothing of it was saved.');
    console.log(`${what}: refused in ${Date.now() - t0} ms`);
    await page.waitForTimeout(500); // a late write would land by now
    expect(await storedSessions(page)).toEqual(before);
    await expect(page.getByTestId('saved-session')).toHaveCount(listed);
    await expect(page.getByTestId('table-note')).toContainText('cardio.csv');
    await expect(page.getByTestId('start-run')).toBeEnabled();
  });
}
