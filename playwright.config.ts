import { defineConfig } from '@playwright/test';

const PORT = 4173;

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
      command: 'npx vite --port 5174 --strictPort',
      url: 'http://127.0.0.1:5174/e2e/harness/backends.html',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
