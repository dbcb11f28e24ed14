import { expect, test, type Page } from "@playwright/test";

// The Content-Security-Policy allows exactly what the app needs: every page hydrates (inline
// script with the page's nonce, wasm) and no CSP violation is reported, anonymous and signed in,
// also after client-side navigation and a server-function call. JavaScript on only (the nojs
// project ignores *.hydrate.spec.ts).

const PASSWORD = process.env.E2E_PASSWORD ?? "";

/** Collects CSP violations: console reports and `securitypolicyviolation` events. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|compile|connect|frame)/i.test(m.text())) {
      violations.push(`${page.url()}: ${m.text()}`);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

async function visit(page: Page, path: string, violations: string[]) {
  const res = await page.goto(path);
  expect(res?.headers()["content-security-policy"], path).toContain("'nonce-");
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
  const events = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
  for (const e of events) violations.push(`${path}: ${e}`);
}

const PUBLIC_PAGES = [
  "/",
  "/?year=2023&province=15",
  "/provinsi/15",
  "/kabupaten/15.05",
  "/bandingkan?kode=15.05&kode=15.71",
  "/komitmen/15.05",
  "/masuk",
  "/impor",
  "/halaman-lain",
];

test("every public page hydrates under the CSP without a violation", async ({ page }) => {
  const violations = await watchCsp(page);
  for (const path of PUBLIC_PAGES) await visit(page, path, violations);
  // A unit page, reached through a link (client-side navigation).
  await visit(page, "/kabupaten/15.05", violations);
  await page.getByRole("link", { name: /Mal Pelayanan Publik/ }).first().click();
  await expect(page).toHaveURL(/\/unit\//);
  await expect(page.locator("h1")).toContainText("Mal Pelayanan Publik");
  // A server-function call: the year filter updates the chart in place.
  await visit(page, "/", violations);
  await page.locator('form#year-filter select[name="year"]').selectOption("2023");
  await expect(page.locator('figure[data-chart="distribution"] figcaption')).toContainText("2023");
  const events = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
  violations.push(...events);
  expect(violations).toEqual([]);
});

test("the signed-in pages hydrate under the CSP without a violation", async ({ page }) => {
  test.skip(!PASSWORD, "E2E_PASSWORD is not set (run through .ci/e2e.sh)");
  const violations = await watchCsp(page);
  for (const [user, paths] of [
    ["e2e-asisten", ["/kabupaten/15.05", "/sidak/baru?unit=15.05-MPP", "/komitmen/15.05/baru"]],
    ["e2e-pimpinan", ["/audit", "/impor"]],
  ] as const) {
    await page.context().clearCookies();
    await page.goto("/masuk");
    await page.getByLabel("Nama pengguna").fill(user);
    await page.getByLabel("Kata sandi").fill(PASSWORD);
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.getByTestId("signed-in-user")).toBeVisible();
    for (const path of paths) await visit(page, path, violations);
  }
  expect(violations).toEqual([]);
});
