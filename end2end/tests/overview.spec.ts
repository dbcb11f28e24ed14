import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";

// The national overview page `/`. Runs with JavaScript on (projects js, phone) and off (nojs):
// everything here must work from the server-rendered HTML alone.

const CATEGORIES = ["A", "B", "C", "D", "E"];
const YEARS = ["2022", "2023", "2024"];

const yearForm = (page: Page) => page.locator("form#year-filter");
const yearSelect = (page: Page) => yearForm(page).locator('select[name="year"]');
const chart = (page: Page) => page.locator('figure[data-chart="distribution"]');

test("GET /healthz answers 200", async ({ request }) => {
  const res = await request.get("/healthz");
  expect(res.status()).toBe(200);
});

test("the page is in Indonesian and its heading names Nasional", async ({ page }) => {
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.locator("h1")).toContainText("Nasional");
});

test("the year filter is a GET form whose default is the latest year", async ({ page }) => {
  await page.goto("/");
  await expect(yearForm(page)).toHaveAttribute("method", /^get$/i);
  await expect(yearForm(page).getByRole("button", { name: "Tampilkan" })).toBeVisible();

  const values = await yearSelect(page).locator("option").evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value),
  );
  for (const v of values) expect(v, "every option of select[name=year] is a year").toMatch(/^\d{4}$/);
  for (const y of YEARS) expect(values).toContain(y);
  const latest = String(Math.max(...values.map(Number)));
  await expect(yearSelect(page)).toHaveValue(latest);
  await expect(chart(page).locator("figcaption")).toContainText(latest);
});

for (const year of YEARS) {
  test(`the distribution chart for ${year}: SVG with categories A–E, caption, one table row per category`, async ({
    page,
  }) => {
    await page.goto(`/?year=${year}`);
    const figure = chart(page);
    await expect(figure).toHaveCount(1);
    await expect(figure.locator("figcaption")).toContainText(year);
    await expect(yearSelect(page)).toHaveValue(year);

    const svg = figure.locator("svg").first();
    await expect(svg).toBeAttached();
    const labels = (await svg.locator("text").allTextContents()).map((t) => t.trim());
    for (const c of CATEGORIES) {
      expect(
        labels.some((t) => new RegExp(`^${c}(\\b|$)`).test(t)),
        `an SVG <text> labelled "${c}" (labels: ${JSON.stringify(labels)})`,
      ).toBe(true);
    }

    const rows = figure.locator("table tbody tr");
    await expect(rows).toHaveCount(CATEGORIES.length);
    for (const [i, c] of CATEGORIES.entries()) {
      const firstCell = rows.nth(i).locator("th, td").first();
      await expect(firstCell).toHaveText(new RegExp(`^\\s*${c}(\\b|$)`));
    }
  });
}

test("choosing 2023 and pressing Tampilkan shows 2023 (works without JavaScript)", async ({ page }) => {
  await page.goto("/");
  await yearSelect(page).selectOption("2023");
  await yearForm(page).getByRole("button", { name: "Tampilkan" }).click();
  await expect(page).toHaveURL(/[?&]year=2023(&|$)/);
  await expect(chart(page).locator("figcaption")).toContainText("2023");
  await expect(yearSelect(page)).toHaveValue("2023");
});

test("the page has no serious or critical accessibility violations", async ({ page, javaScriptEnabled }) => {
  // axe-core runs inside the page, so it needs JavaScript; the js project checks the same HTML.
  test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
  await page.goto("/");
  await expect(chart(page)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
