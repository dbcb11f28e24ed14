import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";

// The national page leads with what needs attention: headline figures with their change, the
// 38 provinces, the bottom of the ranking by true rank, the largest drops, units slipping one
// row per unit; and the full ranking, paged and as CSV. JavaScript on and off, and at 390 px.

/** Rows of a CSV export (header first), split naively: the fields used here hold no commas. */
async function csvRows(request: APIRequestContext, path: string): Promise<string[][]> {
  const res = await request.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.text())
    .split("\r\n")
    .filter((l) => l.length > 0)
    .map((l) => l.split(","));
}

/** How many regencies were assessed in a year, from the distribution export. */
async function assessed(request: APIRequestContext, year: number): Promise<number> {
  const rows = await csvRows(request, `/api/national/distribution.csv?year=${year}`);
  const col = rows[0].indexOf("regencies");
  return rows.slice(1).reduce((n, r) => n + Number(r[col]), 0);
}

test("ranking.csv has one row per assessed regency", async ({ request }) => {
  const n = await assessed(request, 2024);
  expect(n).toBeGreaterThan(20);
  const rows = await csvRows(request, "/api/national/ranking.csv?year=2024");
  expect(rows[0].slice(0, 3)).toEqual(["rank", "regency_code", "regency"]);
  const body = rows.slice(1);
  expect(body).toHaveLength(n);
  expect(new Set(body.map((r) => r[1])).size).toBe(n);
  expect(body.map((r) => Number(r[0]))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
});

test("/ links to all 38 provinces", async ({ page }) => {
  await page.goto("/");
  const links = page.getByTestId("province-table").locator('tbody a[href^="/provinsi/"]');
  await expect(links).toHaveCount(38);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")?.split("?")[0]));
  expect(new Set(hrefs).size).toBe(38);
  await links.filter({ hasText: /^Jambi$/ }).click();
  await expect(page).toHaveURL(/\/provinsi\/15(\?|$)/);
  await expect(page.locator("h1")).toContainText("Jambi");
});

test("the bottom list numbers its first row with the true rank", async ({ page, request }) => {
  const n = await assessed(request, 2024);
  const ranking = await csvRows(request, "/api/national/ranking.csv?year=2024");
  const worst = ranking[ranking.length - 1];
  await page.goto("/?year=2024");
  const rows = page.getByTestId("bottom-list").locator("tbody tr");
  await expect(rows).toHaveCount(20);
  await expect(rows.first().locator("td").first()).toHaveText(String(n));
  await expect(rows.nth(19).locator("td").first()).toHaveText(String(n - 19));
  await expect(rows.first().getByRole("link")).toHaveAttribute("href", `/kabupaten/${worst[1]}`);
});

test("headline cards show the change against the previous comparable year, with links", async ({ page }) => {
  await page.goto("/?year=2024");
  const cards = page.locator(".attention-cards .change-card");
  await expect(cards).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    await expect(cards.nth(i).locator(".change")).toHaveText(/(▲ naik|▼ turun|= sama dengan) .*2023/);
    await expect(cards.nth(i).getByRole("link")).toHaveAttribute("href", /.+/);
  }
  // 2022 opened a new method: nothing to compare with, and the page says so.
  await page.goto("/?year=2022");
  await expect(cards.first().locator(".change")).toContainText("Tidak ada tahun pembanding");
});

test("the province table sorts by its column headings (works without JavaScript)", async ({ page }) => {
  await page.goto("/?year=2024");
  const table = page.getByTestId("province-table");
  const medians = async () =>
    (await table.locator("tbody tr td:nth-child(3)").allTextContents())
      .filter((t) => t.trim() !== "–")
      .map((t) => Number(t.replace(",", ".")));
  let m = await medians();
  expect(m.length).toBeGreaterThan(1);
  expect(m).toEqual([...m].sort((a, b) => a - b));
  await table.getByRole("link", { name: /Median nilai/ }).click();
  await expect(page).toHaveURL(/urut=median&arah=desc/);
  await expect(table.locator("thead th[aria-sort=descending]")).toHaveCount(1);
  m = await medians();
  expect(m).toEqual([...m].sort((a, b) => b - a));
});

test("largest drops list falls against 2023, largest first", async ({ page }) => {
  await page.goto("/?year=2024");
  const rows = page.getByTestId("drops").locator("tbody tr");
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  const changes = (await rows.locator("td:nth-child(5)").allTextContents()).map((t) =>
    Number(t.replace(/[▼\s]/g, "").replace("−", "-").replace(",", ".")),
  );
  for (const c of changes) expect(c).toBeLessThan(0);
  expect(changes).toEqual([...changes].sort((a, b) => a - b));
});

test("units slipping: one row per unit, top 10, then Lihat semua", async ({ page }) => {
  await page.goto("/");
  const section = page.locator("section.declining");
  const rows = section.locator("tbody tr");
  const shown = await rows.count();
  expect(shown).toBeLessThanOrEqual(10);
  const more = section.getByRole("link", { name: /Lihat semua/ });
  if ((await more.count()) > 0) {
    const total = Number(/\((\d+)\)/.exec((await more.textContent()) ?? "")?.[1]);
    expect(shown).toBe(10);
    await more.click();
    await expect(page).toHaveURL(/menurun=semua/);
    await expect(rows).toHaveCount(total);
  }
  const units = await rows.locator("td:first-child a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(new Set(units).size).toBe(units.length);
});

test("the full ranking is paged with true ranks and links to every page", async ({ page, request }) => {
  const n = await assessed(request, 2024);
  await page.goto("/?year=2024");
  await page.getByRole("link", { name: "Lihat peringkat lengkap semua kabupaten/kota" }).click();
  await expect(page).toHaveURL(/\/peringkat\?year=2024/);
  const rows = page.getByTestId("full-ranking").locator("tbody tr");
  await expect(rows).toHaveCount(Math.min(n, 50));
  await expect(rows.first().locator("td").first()).toHaveText("1");
  await page.goto("/peringkat?year=2024&page=2");
  await expect(rows.first().locator("td").first()).toHaveText("51");
  const pages = Math.ceil(n / 50);
  await page.goto(`/peringkat?year=2024&page=${pages}`);
  await expect(rows).toHaveCount(n - 50 * (pages - 1));
  await expect(rows.last().locator("td").first()).toHaveText(String(n));
  await page.goto("/peringkat?year=2024&order=asc");
  await expect(rows.first().locator("td").first()).toHaveText(String(n));
  const res = await page.goto("/peringkat?page=abc");
  expect(res?.status()).toBe(400);
});

test.describe("at a 390 px wide phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the national page does not scroll sideways and still links all 38 provinces", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("province-table").locator('tbody a[href^="/provinsi/"]')).toHaveCount(38);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

for (const path of ["/?year=2024", "/peringkat?year=2024", "/peringkat?year=2024&page=2"]) {
  test(`no serious accessibility violations on ${path}`, async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
    await page.goto(path);
    await expectNoSeriousA11yViolations(page);
  });
}

test("demo scores are marked on / and /peringkat for 2024, not for the published-only 2019", async ({ page }) => {
  await page.goto("/?year=2024");
  const note = page.getByTestId("demo-note").first();
  await expect(note).toBeVisible();
  await expect(note).toContainText("Data demo");
  await expect(note).toContainText(/\d+ dari [\d.]+ nilai kabupaten\/kota tahun 2024 adalah data demo/);
  await expect(page.getByTestId("bottom-list").locator(".demo-marker").first()).toBeVisible();
  await expect(page.getByTestId("bottom-list").locator(".demo-marker").first()).toHaveText("demo");
  await expect(page.getByTestId("province-table").locator(".demo-marker").first()).toBeVisible();

  await page.goto("/peringkat?year=2024");
  await expect(page.getByTestId("demo-note")).toBeVisible();
  await expect(page.getByTestId("full-ranking").locator(".demo-marker").first()).toBeVisible();

  for (const path of ["/?year=2019", "/peringkat?year=2019"]) {
    await page.goto(path);
    await expect(page.locator('a[href^="/kabupaten/15."]').first()).toBeVisible();
    await expect(page.getByTestId("demo-note")).toHaveCount(0);
    await expect(page.locator(".demo-marker")).toHaveCount(0);
  }
});
