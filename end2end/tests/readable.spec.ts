import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";

// Issue 10, points 3–7: honest, readable, Indonesian, printable, spreadsheet-safe. Runs with
// JavaScript on (js, phone) and off (nojs): everything here is in the server-rendered HTML.

const MUARO_JAMBI = "/kabupaten/15.05";
const CHART_PAGES = ["/", "/provinsi/15", MUARO_JAMBI, "/unit/15.05-MPP", "/bandingkan?kode=15.05&kode=15.71"];
const WIDTHS = [
  { width: 1366, height: 800 },
  { width: 390, height: 844 },
];

/** The displayed size (px) of every non-empty text in every chart: font-size × the SVG's scale. */
async function chartTextSizes(page: Page): Promise<{ text: string; px: number; chart: string }[]> {
  return page.evaluate(() => {
    const out: { text: string; px: number; chart: string }[] = [];
    for (const svg of Array.from(document.querySelectorAll("figure.chart svg"))) {
      const chart = svg.closest("figure")?.getAttribute("data-chart") ?? "?";
      for (const t of Array.from(svg.querySelectorAll("text"))) {
        const text = (t.textContent ?? "").trim();
        if (!text) continue;
        const ctm = (t as SVGGraphicsElement).getScreenCTM();
        const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        out.push({ text, px, chart });
      }
    }
    return out;
  });
}

for (const size of WIDTHS) {
  for (const path of CHART_PAGES) {
    test(`charts on ${path} at ${size.width} px: text >= 12 px as displayed, no sideways overflow`, async ({ page }) => {
      await page.setViewportSize(size);
      const res = await page.goto(path);
      expect(res?.status()).toBe(200);
      await expect(page.locator("figure.chart svg").first()).toBeAttached();
      const sizes = await chartTextSizes(page);
      expect(sizes.length).toBeGreaterThan(3);
      const min = Math.min(...sizes.map((s) => s.px));
      console.log(`measured: ${path} at ${size.width} px: ${sizes.length} chart texts, smallest ${min.toFixed(2)} px`);
      const small = sizes.filter((s) => s.px < 12);
      expect(small, `chart text below 12 px: ${JSON.stringify(small.slice(0, 5))}`).toEqual([]);
      // No chart wider than the viewport, and the page itself does not scroll sideways.
      const overflow = await page.evaluate((w) => {
        const wide = Array.from(document.querySelectorAll("figure.chart")).filter((f) => {
          const r = f.getBoundingClientRect();
          const svg = f.querySelector("svg")?.getBoundingClientRect();
          return r.right > w + 0.5 || r.left < -0.5 || (svg !== undefined && svg.right > w + 0.5);
        });
        return { wide: wide.map((f) => f.getAttribute("data-chart")), scroll: document.documentElement.scrollWidth };
      }, size.width);
      expect(overflow.wide).toEqual([]);
      if (size.width === 390) {
        const scrollers = await page.evaluate(() =>
          Array.from(document.querySelectorAll(".chart-svg")).filter((el) => el.scrollWidth > el.clientWidth + 1).length,
        );
        expect(scrollers, "a chart scrolls sideways").toBe(0);
      }
    });
  }
}

test("chart axes use Indonesian numbers and whole steps for counts; the IKM axis does not start at 0", async ({ page }) => {
  await page.goto("/");
  const axis = page.locator('figure[data-chart="distribution"] svg text[text-anchor="end"]');
  const labels = (await axis.allTextContents()).map((t) => t.trim()).filter((t) => t !== "");
  expect(labels.length).toBeGreaterThan(1);
  for (const l of labels) expect(l, "count axis label").toMatch(/^\d{1,3}(\.\d{3})*$/);
  await page.goto(MUARO_JAMBI);
  const ikm = (await page.locator('figure[data-chart="regency-ikm"] svg text[text-anchor="end"]').allTextContents())
    .map((t) => t.trim())
    .filter((t) => t !== "");
  expect(ikm.length).toBeGreaterThan(1);
  expect(ikm).not.toContain("0");
});

test("regency page: Indonesian numbers and dates, demo score marked, published scores marked", async ({ page }) => {
  await page.goto(MUARO_JAMBI);
  await expect(page.locator(".stat", { hasText: "Penduduk" }).locator(".stat-value")).toHaveText("457.238");
  await expect(page.getByText("24 Jun 2024").first()).toBeVisible();
  await expect(page.locator("main")).not.toContainText("2024-06-24");
  const history = page.locator("table.score-history");
  for (const year of ["2019", "2022", "2023"]) {
    const row = history.locator(`tr[data-year="${year}"]`);
    await expect(row).toContainText("Dipublikasikan");
    await expect(row).not.toContainText("Data demo");
  }
  const row2024 = history.locator('tr[data-year="2024"]');
  await expect(row2024).toContainText("Data demo");
  await expect(row2024).not.toContainText("Dipublikasikan");
  // The headline keeps the latest published score; the newer demo score is shown beside it, marked.
  await expect(page.locator('[data-stat="published-score"] .stat-value')).toHaveText("84,57");
  await expect(page.locator('[data-stat="demo-score"]')).toContainText("Data demo");
  // The chart legend and data say so too.
  await expect(page.locator('figure[data-chart="regency-scores"] svg')).toContainText("Data demo");
  await expect(page.locator('figure[data-chart="regency-scores"] .chart-summary')).toContainText("data demo");
});

test("regency page in English: English separators and month names", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "lang", value: "en", url: baseURL ?? "http://127.0.0.1:3000" }]);
  await page.goto(MUARO_JAMBI);
  await expect(page.locator(".stat", { hasText: "Population" }).locator(".stat-value")).toHaveText("457,238");
  await expect(page.getByText("24 Jun 2024").first()).toBeVisible();
  await expect(page.locator('[data-stat="published-score"] .stat-value')).toHaveText("84.57");
  await expect(page.locator("table.score-history tr[data-year='2024']")).toContainText("Demo data");
});

test("national trend says how many regencies each year covers and that methods differ", async ({ page }) => {
  await page.goto("/");
  const trend = page.locator('figure[data-chart="distribution-trend"]');
  const summary = trend.locator(".chart-summary");
  await expect(summary).toContainText("Kabupaten/kota yang dinilai per tahun:");
  await expect(summary).toContainText("metodologi lain");
  // Every bar carries its coverage (n=…) in the chart itself.
  const counts = await trend.locator("svg text").allTextContents();
  expect(counts.filter((t) => /^n=\d/.test(t.trim())).length).toBeGreaterThan(1);
});

test("province page headline cards count the province only", async ({ page }) => {
  await page.goto("/");
  const national = await page.locator(".stat", { hasText: "Mal Pelayanan Publik" }).locator(".stat-value").textContent();
  const nationalAssessed = await page.locator(".stat", { hasText: "dinilai" }).locator(".stat-value").textContent();
  await page.goto("/provinsi/15");
  const assessed = (await page.locator(".stat", { hasText: "dinilai" }).locator(".stat-value").textContent()) ?? "";
  // Jambi has 11 regencies.
  expect(assessed.trim()).toMatch(/\/ 11$/);
  expect(assessed).not.toBe(nationalAssessed);
  const malls = await page.locator(".stat", { hasText: "Mal Pelayanan Publik" }).locator(".stat-value").textContent();
  expect(Number((malls ?? "").replace(/\./g, ""))).toBeLessThan(Number((national ?? "").replace(/\./g, "")));
});

test("methodology page shows every version's bands from the methodology tables", async ({ page }) => {
  await page.goto("/");
  await page.locator("footer").getByRole("link", { name: "Metodologi" }).click();
  await expect(page).toHaveURL(/\/metodologi$/);
  await expect(page.locator("h1")).toHaveText("Metodologi");
  for (const v of ["2015", "2021", "2022", "2025"]) {
    await expect(page.locator(`section.methodology-version[data-version="${v}"]`)).toBeVisible();
  }
  const v2022 = page.locator('section.methodology-version[data-version="2022"]');
  await expect(v2022.locator("tr", { hasText: "Kualitas Tertinggi" })).toContainText("88,00");
  await expect(v2022.locator("tr", { hasText: "Kualitas Tinggi" }).first()).toContainText("78,00");
  await expect(page.locator('section.methodology-weights[data-version="2022"]')).toContainText("32,37 %");
  await expect(page.locator("#ikm ~ .table-wrap").first()).toContainText("88,31");
  await expect(page.locator("#penurunan + p")).toContainText("10");
});

test("data page lists every feed with its columns and licence, in three formats", async ({ page, request }) => {
  await page.goto("/");
  await page.locator("footer").getByRole("link", { name: /Data terbuka/ }).click();
  await expect(page).toHaveURL(/\/data$/);
  await expect(page.getByRole("heading", { name: "Lisensi" })).toBeVisible();
  const ranking = page.locator('section.feed[data-feed="/api/national/ranking"]');
  await expect(ranking.locator(".columns-list")).toHaveText("rank, regency_code, regency, province, kind, year, score, category, published");
  const xlsx = await ranking.getByRole("link", { name: "Excel (.xlsx)" }).getAttribute("href");
  const res = await request.get(xlsx ?? "");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("spreadsheetml");
  // Every feed's CSV header matches the columns the page documents.
  for (const feed of await page.locator("section.feed").all()) {
    const csvHref = await feed.getByRole("link", { name: "CSV" }).getAttribute("href");
    const documented = (await feed.locator(".columns-list").textContent())?.split(", ") ?? [];
    const csv = await request.get(csvHref ?? "");
    expect(csv.status(), csvHref ?? "").toBe(200);
    const header = (await csv.text()).split("\r\n")[0].split(",");
    expect(header, csvHref ?? "").toEqual(documented);
  }
});

test("every CSV download on the regency page has an .xlsx beside it", async ({ page, request }) => {
  await page.goto(MUARO_JAMBI);
  const csvLinks = await page.locator('a[href*=".csv"]').all();
  expect(csvLinks.length).toBeGreaterThan(3);
  for (const link of csvLinks) {
    const href = (await link.getAttribute("href")) ?? "";
    const twin = href.replace(".csv", ".xlsx");
    await expect(page.locator(`a[href="${twin}"]`).first()).toBeAttached();
  }
  const res = await request.get("/api/regency/15.05/scores.xlsx");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toContain(".xlsx");
});

test("Cetak rapor: a visible button, and a print layout on A4 without navigation", async ({ page }) => {
  await page.goto(MUARO_JAMBI);
  await expect(page.getByRole("button", { name: "Cetak rapor" })).toBeVisible();
  // A4 portrait minus the page margins is about 700 CSS px wide.
  await page.setViewportSize({ width: 700, height: 990 });
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Cetak rapor" })).toBeHidden();
  await expect(page.locator("header.site nav")).toBeHidden();
  await expect(page.locator("nav.breadcrumbs")).toBeHidden();
  await expect(page.locator("footer.site")).toBeHidden();
  await expect(page.locator(".print-only").first()).toBeVisible();
  await expect(page.locator('figure[data-chart="regency-scores"] svg')).toBeVisible();
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll).toBeLessThanOrEqual(700);
  const printed = await chartTextSizes(page);
  console.log(`measured: print at 700 px: smallest chart text ${Math.min(...printed.map((s) => s.px)).toFixed(2)} px`);
  const small = printed.filter((s) => s.px < 9);
  expect(small, "print chart text at least 9 px (≈ 7 pt)").toEqual([]);
});

for (const path of ["/metodologi", "/data"]) {
  test(`no serious accessibility violations on ${path}`, async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
    await page.goto(path);
    await expectNoSeriousA11yViolations(page);
  });
}
