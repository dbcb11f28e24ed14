import { defineConfig } from "@playwright/test";

// Browser tests for Pantau. The server is started by .ci/e2e.sh (make e2e / make test), which
// passes its address in BASE_URL. We drive Debian's chromium: Playwright's own browser downloads
// are not reachable from our machines (never run `npx playwright install`).
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "./tests",
  // The server under test is usually a debug build: be generous.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  reporter: "list",
  use: {
    baseURL,
    locale: "id-ID",
    timezoneId: "Asia/Jakarta",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "js",
      use: { ...chromium, javaScriptEnabled: true, viewport: { width: 1280, height: 800 } },
    },
    {
      // Server-rendered HTML only: everything must work without the wasm.
      name: "nojs",
      testIgnore: /.*\.hydrate\.spec\.ts/,
      use: { ...chromium, javaScriptEnabled: false, viewport: { width: 1280, height: 800 } },
    },
    {
      name: "phone",
      use: {
        ...chromium,
        javaScriptEnabled: true,
        viewport: { width: 375, height: 667 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      },
    },
  ],
});
