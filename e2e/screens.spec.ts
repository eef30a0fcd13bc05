import { expect, test, type Page } from '@playwright/test';

/**
 * Screens from a phone to a laptop: no sideways scroll, and a screenshot of each. The ones in
 * docs/screenshots are refreshed with `E2E_DOCS_SCREENSHOTS=1 npx playwright test e2e/screens.spec.ts`;
 * otherwise they go to test-results, so a test run leaves the tree as it was.
 */
const PAGES = [
  {
    name: 'app',
    url: './',
    ready: (p: Page) => expect(p.getByRole('button', { name: 'Start', exact: true })).toBeEnabled({ timeout: 60_000 }),
  },
  {
    name: 'learn',
    url: './#/learn',
    ready: (p: Page) => expect(p.getByRole('button', { name: 'Play', exact: true })).toBeVisible({ timeout: 60_000 }),
  },
];

async function pageWidth(page: Page): Promise<{ scroll: number; viewport: number }> {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
}

for (const p of PAGES) {
  test(`${p.name}: no wider than the viewport at 360 px`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(p.url);
    await p.ready(page);
    const w = await pageWidth(page);
    expect(w.scroll).toBeLessThanOrEqual(w.viewport);
  });

  for (const [width, height] of [
    [390, 844],
    [1024, 768],
  ]) {
    test(`${p.name} at ${width}x${height}: fits, screenshot`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height });
      await page.goto(p.url);
      await p.ready(page);
      const w = await pageWidth(page);
      expect(w.scroll).toBeLessThanOrEqual(w.viewport);
      if (p.name === 'app' && width < 600) {
        // Run controls big enough for a finger.
        const box = await page.getByRole('button', { name: 'Start', exact: true }).boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      }
      const file = `${p.name}-${width}x${height}.png`;
      await page.screenshot({ path: process.env.E2E_DOCS_SCREENSHOTS ? `docs/screenshots/${file}` : testInfo.outputPath(file) });
    });
  }
}
