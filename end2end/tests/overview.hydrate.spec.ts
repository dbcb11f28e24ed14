import { expect, test } from "@playwright/test";

// The overview page after hydration (JavaScript on only; the nojs project ignores *.hydrate.spec.ts).

test("the page hydrates without errors and loads the wasm bundle", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /panicked|hydrat|unreachable|RuntimeError/i.test(m.text())) {
      errors.push(`console: ${m.text()}`);
    }
  });
  const wasm = page.waitForResponse((r) => new URL(r.url()).pathname === "/pkg/pantau.wasm");
  await page.goto("/");
  const wasmResponse = await wasm;
  expect(wasmResponse.status()).toBe(200);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
  expect(errors).toEqual([]);
});

test("choosing a year updates the chart in place, without a page load", async ({ page }) => {
  await page.goto("/");
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
  await page.evaluate(() => {
    (window as unknown as { __noReload: number }).__noReload = 1;
  });

  await page.locator('form#year-filter select[name="year"]').selectOption("2023");

  await expect(page.locator('figure[data-chart="distribution"] figcaption')).toContainText("2023");
  await expect(page).toHaveURL(/[?&]year=2023(&|$)/);
  const marker = await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload);
  expect(marker, "window.__noReload survives: no navigation happened").toBe(1);
});
