import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";

// The mall page tells then-versus-now first (issue 11, point 1): /unit/15.05-MPP, inaugurated on
// 24 June 2024, against the seeded demo data. JavaScript on (js, phone) and off (nojs).

const MALL = "/unit/15.05-MPP";

test("then-versus-now panel: inauguration date, each line with its change in words", async ({ page, javaScriptEnabled }) => {
  const res = await page.goto(MALL);
  expect(res?.status()).toBe(200);
  if (javaScriptEnabled) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const panel = page.getByTestId("then-now");
  await expect(panel.getByRole("heading", { name: "Saat peresmian → Sekarang" })).toBeVisible();
  await expect(panel.locator(".then-now-ref")).toContainText("24 Jun 2024");
  // Six lines, each with then, now and the change written out (not colour alone).
  for (const key of ["facilities", "staff", "trained", "attendance", "ikm", "inspection_score"]) {
    const item = panel.locator(`li[data-key="${key}"]`);
    await expect(item).toBeVisible();
    await expect(item.locator(".change")).toHaveText(/^(▲ naik|▼ turun|■ tetap|Baru satu|Belum dapat)/);
  }
  // The staff baseline is the inauguration-day snapshot.
  await expect(panel.locator('li[data-key="staff"] dd').first()).toContainText("24 Jun 2024");
  // The lactation room is among what was lost since the inauguration.
  await expect(panel.locator(".lost")).toContainText("Ruang laktasi");
  // The panel comes before the charts.
  const order = await page.evaluate(() => {
    const p = document.querySelector('[data-testid="then-now"]');
    const c = document.querySelector("figure.chart");
    return p && c ? p.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
  });
  expect(order).toBeTruthy();
});

test("facilities: lost items first and marked", async ({ page }) => {
  await page.goto(MALL);
  const grid = page.locator("ul.facility-grid");
  const first = grid.locator("li").first();
  await expect(first).toHaveClass(/facility-lost/);
  await expect(first).toContainText("Hilang/rusak sejak peresmian");
  const lactation = grid.locator("li", { hasText: "Ruang laktasi" });
  await expect(lactation).toContainText("Hilang/rusak sejak peresmian");
  await expect(lactation).toContainText("Berfungsi");
  // Every lost item comes before every other one.
  const classes = await grid.locator("li").evaluateAll((els) => els.map((e) => e.classList.contains("facility-lost")));
  expect(classes.indexOf(false) === -1 || classes.slice(classes.indexOf(false)).every((c) => !c)).toBe(true);
});

test("inspection timeline: one chart with the inauguration line, the December 2024 sidak marked as unannounced", async ({ page }) => {
  await page.goto(MALL);
  const fig = page.locator('figure[data-chart="unit-inspections"]');
  await expect(fig.locator("figcaption")).toHaveText("Nilai inspeksi dari waktu ke waktu");
  await expect(fig.locator(".chart-summary")).toContainText("sidak tanpa pemberitahuan");
  const svg = fig.locator("svg").first();
  await expect(svg).toBeAttached();
  await expect(svg).toContainText("Peresmian");
  await expect(svg).toContainText("Sidak (tanpa pemberitahuan)");
  await expect(svg).toContainText("Kunjungan terjadwal");
  // Sidaks are triangles (polygons), scheduled visits circles: two shapes, not colour alone.
  expect(await svg.locator("polygon").count()).toBeGreaterThan(0);
  expect(await svg.locator("circle").count()).toBeGreaterThan(0);
  const december = fig.locator("table tbody tr", { hasText: "Des 2024" });
  await expect(december.first()).toContainText("Sidak (tanpa pemberitahuan)");
});

test("staff at the recorded resolution: quarterly points, chart and table", async ({ page }) => {
  await page.goto(MALL);
  const fig = page.locator('figure[data-chart="unit-staff"]');
  await expect(fig.locator("figcaption")).toHaveText("Petugas (SDM) per pencatatan triwulan");
  await expect(fig.locator("svg").first()).toBeAttached();
  const rows = fig.locator("table tbody tr");
  expect(await rows.count()).toBeGreaterThanOrEqual(7);
  await expect(rows.first()).toContainText("24 Jun 2024");
  // Snapshots three months apart in 2024 (not one yearly mean).
  await expect(fig.locator("table tbody tr", { hasText: "15 Agu 2024" })).toHaveCount(1);
  await expect(fig.locator("table tbody tr", { hasText: "15 Nov 2024" })).toHaveCount(1);
});

test("headline cards: values from the data, or who should provide them", async ({ page }) => {
  await page.goto(MALL);
  const stats = page.locator("section.stats");
  await expect(stats.locator(".stat", { hasText: "Petugas bertugas / ABK" }).locator(".stat-value")).toHaveText(/^\d+ \/ \d+$/);
  await expect(stats.locator(".stat", { hasText: "Fasilitas berfungsi" }).locator(".stat-value")).toHaveText(/^\d+ \/ \d+$/);
  await expect(stats.locator(".stat", { hasText: "IKM terakhir" }).locator(".stat-value")).toHaveText(/^\d+,\d$/);
  // 15.05-MPP has no tenant count recorded: say so, and who provides it.
  const tenants = stats.locator(".stat", { hasText: "Instansi tenant" });
  await expect(tenants).toContainText("belum ada data");
  await expect(tenants).toContainText("impor data unit");
  await expect(stats).not.toContainText("–");
});

test.describe("at a 390 px wide phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the mall page does not scroll sideways; the lost status is on screen", async ({ page }) => {
    await page.goto(MALL);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const flag = page.locator("ul.facility-grid li").first().locator(".facility-flag");
    await flag.scrollIntoViewIfNeeded();
    await expect(flag).toBeInViewport();
    const box = await flag.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  });
});

test("no serious accessibility violations on the mall page", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
  await page.goto(MALL);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expectNoSeriousA11yViolations(page);
});
