import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";

// Every screen, with JavaScript on (js, phone) and off (nojs), against the seeded data set:
// real published scores (Muaro Jambi 2023: 84.57, category B) and the demo generator's units.

const MUARO_JAMBI = "/kabupaten/15.05";

test("regency page: Muaro Jambi's published 2023 score 84,57 is category B, with chart, table and breadcrumbs", async ({ page }) => {
  const res = await page.goto(MUARO_JAMBI);
  expect(res?.status()).toBe(200);
  await expect(page.locator("h1")).toHaveText("Kabupaten Muaro Jambi");
  const figure = page.locator('figure[data-chart="regency-scores"]');
  await expect(figure.locator("svg").first()).toBeAttached();
  const row2023 = figure.locator("table tbody tr", { hasText: "2023" });
  await expect(row2023).toContainText("84,57");
  await expect(row2023).toContainText("B (Kualitas Tinggi)");
  await expect(row2023).toContainText("Dipublikasikan Ombudsman RI");
  const row2022 = figure.locator("table tbody tr", { hasText: "2022" });
  await expect(row2022).toContainText("82,17");
  await expect(page.getByRole("heading", { name: "Komitmen MoU" })).toBeVisible();
  await expect(page.getByText("31 Jul 2024").first()).toBeVisible();
  // Breadcrumbs lead back.
  await page.locator("nav.breadcrumbs").getByRole("link", { name: "Nasional" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("drill-down: province filter → regency → mall, and back", async ({ page }) => {
  await page.goto("/?province=15&year=2023");
  await expect(page.locator('select[name="province"]')).toHaveValue("15");
  await page.locator("section.ranking").getByRole("link", { name: "Kabupaten Muaro Jambi" }).click();
  await expect(page).toHaveURL(/\/kabupaten\/15\.05$/);
  await expect(page.locator("h1")).toHaveText("Kabupaten Muaro Jambi");
  const mall = page.getByRole("link", { name: /Mal Pelayanan Publik/ }).first();
  await mall.click();
  await expect(page).toHaveURL(/\/unit\//);
  await expect(page.locator("h1")).toContainText("Mal Pelayanan Publik");
  await expect(page.getByText("24 Jun 2024").first()).toBeVisible();
  await expect(page.locator('figure[data-chart="unit-staff"] svg').first()).toBeAttached();
  await expect(page.getByRole("heading", { name: "Riwayat inspeksi" })).toBeVisible();
  await page.locator("nav.breadcrumbs").getByRole("link", { name: "Kabupaten Muaro Jambi" }).click();
  await expect(page).toHaveURL(/\/kabupaten\/15\.05$/);
});

test("filters live in the URL: they survive a reload and a shared link", async ({ page, browser }) => {
  await page.goto("/?year=2023&province=15&kind=kota&order=asc");
  await page.reload();
  await expect(page.locator('select[name="year"]')).toHaveValue("2023");
  await expect(page.locator('select[name="province"]')).toHaveValue("15");
  await expect(page.locator('select[name="kind"]')).toHaveValue("kota");
  await expect(page.locator('select[name="order"]')).toHaveValue("asc");
  const rows = page.locator("section.ranking tbody tr");
  await expect(rows.first()).toContainText("Kota");
  // The same URL in a fresh browser context shows the same view.
  const other = await browser.newContext();
  const shared = await other.newPage();
  await shared.goto(page.url());
  await expect(shared.locator("section.ranking tbody tr").first()).toHaveText((await rows.first().textContent()) ?? "");
  await other.close();
});

test("language switch: English persists across pages, Indonesian comes back", async ({ page }) => {
  await page.goto(MUARO_JAMBI);
  await page.getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/kabupaten\/15\.05$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "MoU commitments" })).toBeVisible();
  await page.goto("/");
  await expect(page.locator("h1")).toHaveText("National overview");
  await page.getByRole("link", { name: "Bahasa Indonesia" }).click();
  await expect(page.locator("h1")).toHaveText("Ikhtisar Nasional");
});

test("province page ranks its regencies and lists its malls", async ({ page }) => {
  const res = await page.goto("/provinsi/15");
  expect(res?.status()).toBe(200);
  await expect(page.locator("h1")).toContainText("Jambi");
  await expect(page.locator("section.ranking tbody tr")).toHaveCount(11);
  await expect(page.locator("section.malls").getByRole("link", { name: /Muaro Jambi/ }).first()).toBeVisible();
});

test("compare page shows two regencies side by side", async ({ page }) => {
  await page.goto("/bandingkan?kode=15.05&kode=15.71");
  await expect(page.locator('figure[data-chart="compare-scores"]')).toBeVisible();
  const table = page.locator("table").first();
  await expect(table).toContainText("Kabupaten Muaro Jambi");
  await expect(table).toContainText("Kota Jambi");
});

test("commitments page groups Muaro Jambi's commitments by status", async ({ page }) => {
  await page.goto("/komitmen/15.05");
  await expect(page.locator("h1")).toContainText("Kabupaten Muaro Jambi");
  await expect(page.locator("section.commitment-group").first()).toBeVisible();
});

test("unknown codes give a localized 404 page", async ({ page }) => {
  for (const path of ["/kabupaten/99.99", "/unit/TIDAK-ADA", "/provinsi/99", "/komitmen/99.99", "/halaman-lain"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Halaman tidak ditemukan" })).toBeVisible();
  }
});

test("a bad year is a clear 400 on the export API", async ({ request }) => {
  const res = await request.get("/api/national/ranking.csv?year=abc");
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain("Permintaan tidak valid");
});

test("CSV downloads of a chart carry a header row", async ({ request }) => {
  const res = await request.get("/api/regency/15.05/scores.csv");
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text.split("\r\n")[0]).toBe(
    "regency_code,year,score,category,methodology_version,input,process,output,complaint_handling,published,source",
  );
  expect(text).toContain("15.05,2023,84.57,B,");
});

for (const path of [MUARO_JAMBI, "/provinsi/15", "/bandingkan?kode=15.05&kode=15.71", "/komitmen/15.05"]) {
  test(`no serious accessibility violations on ${path}`, async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
    await page.goto(path);
    await expectNoSeriousA11yViolations(page);
  });
}

test("no serious accessibility violations on a mall page", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
  await page.goto(MUARO_JAMBI);
  const href = await page.getByRole("link", { name: /Mal Pelayanan Publik/ }).first().getAttribute("href");
  await page.goto(href!);
  await expectNoSeriousA11yViolations(page);
});
