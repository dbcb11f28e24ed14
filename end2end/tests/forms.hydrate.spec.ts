import { expect, test } from "@playwright/test";

// With JavaScript: forms are sent to their server functions (no full-page post), errors appear
// next to the fields without reloading, and success loads the result page.

const PASSWORD = process.env.E2E_PASSWORD ?? "";

test("the follow-up form uses its server function and shows errors in place", async ({ page }, info) => {
  test.skip(!PASSWORD, "E2E_PASSWORD is not set (run through .ci/e2e.sh)");
  await page.goto("/masuk?next=/kabupaten/15.05");
  await page.getByLabel("Nama pengguna").fill("e2e-pemda");
  await page.getByLabel("Kata sandi").fill(PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page).toHaveURL(/\/kabupaten\/15\.05$/);
  const finding = page.locator("table a[href^='/temuan/']").first();
  await page.goto((await finding.getAttribute("href"))!);
  await expect(page).toHaveURL(/\/temuan\/\d+$/);
  await page.waitForSelector("html[data-hydrated='true']");

  // "Selesai" without evidence: refused by the server function, shown next to the field.
  const calls: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") calls.push(new URL(r.url()).pathname);
  });
  await page.getByLabel("Status").selectOption("selesai");
  await page.getByRole("button", { name: "Simpan tindak lanjut" }).click();
  await expect(page.locator("#fu-evidence-error")).toContainText("Tindak lanjut yang selesai memerlukan bukti.");
  expect(calls).toEqual(["/api/temuan/tindak-lanjut"]);

  const evidence = `Bukti E2E ${info.project.name} ${Date.now()}`;
  await page.getByLabel("Bukti / keterangan").fill(evidence);
  await page.getByRole("button", { name: "Simpan tindak lanjut" }).click();
  await expect(page.locator("ol.follow-ups")).toContainText(evidence);
  await expect(page.getByTestId("finding-status")).toHaveText("Selesai");
});
