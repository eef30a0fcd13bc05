// The page's own clock for Start -> first query card, for the browser benchmarks: the Start click and the first card
// in the DOM, without Playwright's round trips (its click checks and polling add ~0.1-0.5 s around them).
// Install before page.goto; read with firstCardSeconds(page) once the card shows.

export async function watchFirstCard(page) {
  await page.addInitScript(() => {
    window.__startClick = null;
    window.__firstCard = null;
    document.addEventListener(
      'click',
      (e) => {
        if (e.target instanceof Element && e.target.closest('[data-testid="start-run"]')) {
          window.__startClick = performance.now();
          window.__firstCard = null;
        }
      },
      true,
    );
    new MutationObserver(() => {
      if (window.__startClick == null || window.__firstCard != null) return;
      if (document.querySelector('[data-testid="candidate-card"][data-row-index]:not([data-row-index=""])'))
        window.__firstCard = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-row-index'] });
  });
}

export async function firstCardSeconds(page) {
  return (await page.evaluate(() => window.__firstCard - window.__startClick)) / 1000;
}
