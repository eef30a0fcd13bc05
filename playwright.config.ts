import { defineConfig } from '@playwright/test';

// Ports can be moved (E2E_PORT, E2E_HARNESS_PORT) so two checkouts can run their e2e tests at once.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const HARNESS_PORT = Number(process.env.E2E_HARNESS_PORT ?? 5174);
process.env.E2E_HARNESS_URL = `http://127.0.0.1:${HARNESS_PORT}/`;

// Debian's Chromium, never a downloaded browser. The networking flags keep it quiet on a closed network.
export default defineConfig({
  testDir: 'e2e',
  timeout: 240_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--enable-unsafe-webgpu',
      ],
    },
    trace: 'off',
  },
  webServer: [
    {
      command: `npx vite preview --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // Test-only harness pages under e2e/harness, served from source (never part of the build).
      command: `npx vite --port ${HARNESS_PORT} --strictPort`,
      url: `http://127.0.0.1:${HARNESS_PORT}/e2e/harness/backends.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
