// How the browser benchmarks start Debian's Chromium (never a downloaded browser); the flags keep it quiet on a
// closed network. playwright.config.ts sets the same for the e2e tests.
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ],
};
