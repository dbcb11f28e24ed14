import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";

// The search box in the header of every page: a GET form to /cari that works without
// JavaScript (one match → 303 to it, several → a list, none → says so), with suggestions while
// typing when JavaScript is on. Runs in the js, nojs and phone projects, plus at 390 px.

const box = (page: Page) => page.locator("header form.site-search");
const input = (page: Page) => box(page).getByRole("searchbox", { name: /Cari kabupaten\/kota, provinsi atau MPP/ });

async function searchFromHome(page: Page, q: string) {
  await page.goto("/");
  await input(page).fill(q);
  await box(page).getByRole("button", { name: "Cari" }).click();
}

function searchTests() {
  test("“muaro jambi” in the header search lands on /kabupaten/15.05", async ({ page }) => {
    await searchFromHome(page, "muaro jambi");
    await expect(page).toHaveURL(/\/kabupaten\/15\.05$/);
    await expect(page.locator("h1")).toHaveText("Kabupaten Muaro Jambi");
  });

  test("“kota jambi” lands on /kabupaten/15.71 (not Kabupaten Muaro Jambi)", async ({ page }) => {
    await searchFromHome(page, "kota jambi");
    await expect(page).toHaveURL(/\/kabupaten\/15\.71$/);
    await expect(page.locator("h1")).toHaveText("Kota Jambi");
  });

  test("an ambiguous query lists the matches, each a link", async ({ page }) => {
    await searchFromHome(page, "jambi");
    await expect(page).toHaveURL(/\/cari\?q=jambi$/);
    const results = page.getByTestId("search-results");
    await expect(results.getByRole("link", { name: "Kota Jambi", exact: true })).toHaveAttribute("href", "/kabupaten/15.71");
    await expect(results.getByRole("link", { name: "Jambi", exact: true })).toHaveAttribute("href", "/provinsi/15");
    await expect(results.getByRole("link", { name: "Kabupaten Muaro Jambi", exact: true })).toHaveAttribute("href", "/kabupaten/15.05");
    await results.getByRole("link", { name: "Kabupaten Muaro Jambi", exact: true }).click();
    await expect(page).toHaveURL(/\/kabupaten\/15\.05$/);
  });

  test("an unknown query says so", async ({ page }) => {
    await searchFromHome(page, "Atlantis Raya");
    await expect(page).toHaveURL(/\/cari\?q=Atlantis\+Raya$/);
    await expect(page.getByTestId("search-none")).toContainText("Tidak ditemukan");
    await expect(page.getByTestId("search-none")).toContainText("Atlantis Raya");
  });
}

searchTests();

test.describe("at a 390 px wide phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  searchTests();
  test("the search box fits the screen", async ({ page }) => {
    await page.goto("/");
    const b = await input(page).boundingBox();
    expect(b).not.toBeNull();
    expect(b!.x).toBeGreaterThanOrEqual(0);
    expect(b!.x + b!.width).toBeLessThanOrEqual(390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test("the server answers /cari: 303 to the one match, 200 with a message for none", async ({ request }) => {
  let res = await request.get("/cari?q=Kab.%20Muaro%20Jambi", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toBe("/kabupaten/15.05");
  res = await request.get("/cari?q=15.71", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toBe("/kabupaten/15.71");
  res = await request.get("/cari?q=MPP%20Muaro%20Jambi", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toBe("/unit/15.05-MPP");
  res = await request.get("/cari?q=tidak-ada-di-mana-mana", { maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("Tidak ditemukan");
  res = await request.get("/cari?q=%3Cscript%3Ealert(1)%3C/script%3E", { maxRedirects: 0 });
  expect(res.status()).toBe(200);
  expect(await res.text()).not.toContain("<script>alert(1)");
});

test("the search box is in the header of every page", async ({ page }) => {
  for (const path of ["/", "/kabupaten/15.05", "/provinsi/15", "/bandingkan", "/peringkat", "/cari?q=jambi", "/halaman-lain"]) {
    await page.goto(path);
    await expect(input(page), path).toBeVisible();
    await expect(box(page), path).toHaveAttribute("action", "/cari");
    await expect(box(page), path).toHaveAttribute("method", /^get$/i);
  }
});

test("with JavaScript, typing suggests matches to pick", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "suggestions need JavaScript; the form works without");
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await input(page).pressSequentially("muaro ja", { delay: 30 });
  const suggestions = page.getByTestId("search-suggestions");
  await expect(suggestions.getByRole("link", { name: "Kabupaten Muaro Jambi", exact: true })).toBeVisible();
  await suggestions.getByRole("link", { name: "Kabupaten Muaro Jambi", exact: true }).click();
  await expect(page).toHaveURL(/\/kabupaten\/15\.05$/);
});

test("the compare page accepts names", async ({ page }) => {
  await page.goto("/bandingkan?kode=Muaro%20Jambi&kode=kota%20jambi");
  const table = page.locator("table").first();
  await expect(table).toContainText("Kabupaten Muaro Jambi");
  await expect(table).toContainText("Kota Jambi");
  await expect(page.locator('figure[data-chart="compare-scores"]')).toBeVisible();
});

for (const path of ["/cari?q=jambi", "/cari?q=atlantis"]) {
  test(`no serious accessibility violations on ${path}`, async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
    await page.goto(path);
    await expectNoSeriousA11yViolations(page);
  });
}
