import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";

// Data entry, with JavaScript off (nojs: plain form posts, server re-renders) and on (js, phone:
// the same forms go through server functions). The accounts are created by .ci/e2e.sh with
// `pantau create-user` (password in E2E_PASSWORD); the app ships none.

const PASSWORD = process.env.E2E_PASSWORD ?? "";

async function signIn(page: Page, username: string, next = "/") {
  test.skip(!PASSWORD, "E2E_PASSWORD is not set (run through .ci/e2e.sh)");
  await page.goto(`/masuk?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill(PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[.?]/g, "\\$&")}$`));
}

/** A date per project so the three projects' inspections of one unit never collide. */
function dayFor(project: string): string {
  return `2019-02-${dayOfMonth(project)}`;
}
function dayOfMonth(project: string): string {
  return { js: "11", nojs: "12", phone: "13" }[project] ?? "14";
}
/** An ISO date as the pages write it in Indonesian ("2026-12-01" → "1 Des 2026"). */
function shownDate(iso: string): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${months[m - 1]} ${y}`;
}
/** The same date as the pages write it (Indonesian: "11 Feb 2019"). */
function dayShown(project: string): string {
  return `${dayOfMonth(project)} Feb 2019`;
}

test("sign-in with a wrong password shows a clear message and keeps the username", async ({ page }) => {
  await page.goto("/masuk");
  await page.getByLabel("Nama pengguna").fill("e2e-pemda");
  await page.getByLabel("Kata sandi").fill("salah-sekali-ini");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("alert")).toContainText("Nama pengguna atau kata sandi salah.");
  await expect(page.getByLabel("Nama pengguna")).toHaveValue("e2e-pemda");
});

test("anonymous visitors see no data-entry links and are refused on the form pages", async ({ page }) => {
  await page.goto("/kabupaten/15.05");
  await expect(page.getByRole("link", { name: "Masuk" })).toBeVisible();
  await expect(page.locator('a[href^="/sidak/baru"]')).toHaveCount(0);
  const res = await page.goto("/sidak/baru?unit=15.05-MPP");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Akses ditolak" })).toBeVisible();
});

test("an inspector records a sidak; it appears on the mall page and the regency page", async ({ page }, info) => {
  const stamp = `${info.project.name}-${Date.now()}`;
  await signIn(page, "e2e-asisten", "/kabupaten/15.05");
  const link = page.getByRole("link", { name: /Catat sidak/ }).first();
  await expect(link).toBeVisible();
  const mall = await page.getByRole("link", { name: /Mal Pelayanan Publik/ }).first().getAttribute("href");
  expect(mall).toMatch(/^\/unit\//);
  const unit = mall!.replace("/unit/", "");
  await page.goto(`/sidak/baru?unit=${encodeURIComponent(unit)}`);
  await expect(page.locator("h1")).toContainText("Catat sidak");

  // A wrong score first: the error is shown next to the field and what was typed stays.
  await page.getByLabel("Tanggal inspeksi").fill(dayFor(info.project.name));
  await page.getByLabel("Pemeriksa").fill(`Inspektur E2E ${stamp}`);
  await page.getByLabel("Dimensi input").fill("120");
  await page.locator("#i-f0-category").fill("sarpras");
  await page.locator("#i-f0-description").fill(`Temuan E2E ${stamp}`);
  await page.getByRole("button", { name: "Simpan inspeksi" }).click();
  await expect(page.locator("#i-input-error")).toContainText("Masukkan angka antara 0 dan 100.");
  await expect(page.getByLabel("Dimensi input")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#i-f0-description")).toHaveValue(`Temuan E2E ${stamp}`);
  await expect(page.getByLabel("Pemeriksa")).toHaveValue(`Inspektur E2E ${stamp}`);

  await page.getByLabel("Dimensi input").fill("72.5");
  await page.getByLabel("Dimensi proses").fill("68");
  await page.getByLabel("Petugas yang bertugas").fill("9");
  await page.getByRole("button", { name: "Simpan inspeksi" }).click();

  // Back on the mall page: the inspection and its finding are listed.
  await expect(page).toHaveURL(new RegExp(`/unit/${unit.replace(/[.]/g, "\\.")}$`));
  const timeline = page.locator("ol.timeline");
  await expect(timeline).toContainText(`Inspektur E2E ${stamp}`);
  await expect(timeline).toContainText(`Temuan E2E ${stamp}`);
  await expect(timeline).toContainText(dayShown(info.project.name));

  // And on the regency page, among the open findings, linking to the finding's page.
  await page.goto("/kabupaten/15.05");
  const finding = page.getByRole("link", { name: new RegExp(`Temuan E2E ${stamp}`) });
  await expect(finding).toBeVisible();
  await page.goto((await finding.getAttribute("href"))!);
  await expect(page.locator(".finding-description")).toHaveText(`Temuan E2E ${stamp}`);
});

test("a regency officer updates a commitment's progress and the national view reflects it", async ({ page }, info) => {
  await signIn(page, "e2e-pemda", "/");
  const overdue = page.locator(".stat", { hasText: "Komitmen terlambat" }).locator(".stat-value");
  const before = Number((await overdue.innerText()).replace(/\./g, ""));

  await page.goto("/komitmen/15.05");
  // The server's today (the report date's default): skip commitments already reported today
  // (by another project of this run), prefer overdue ones.
  const today = await page.locator('input[name="form[reported_on]"]').first().inputValue();
  const fresh = (l: ReturnType<Page["locator"]>) =>
    l.filter({ hasNotText: `Pembaruan terakhir ${shownDate(today)}` });
  const late = fresh(page.locator("section.status-late li"));
  const wasLate = (await late.count()) > 0;
  const item = (wasLate ? late : fresh(page.locator("section.commitment-group li"))).first();
  const title = (await item.locator("strong").first().innerText()).trim();
  await item.locator("summary", { hasText: "Laporkan kemajuan" }).click();
  await item.getByLabel("Capaian (%)").fill("100");
  await item.getByLabel("Status").selectOption("done");
  const note = `Selesai E2E ${info.project.name}`;
  await item.getByLabel("Catatan").fill(note);
  await item.getByRole("button", { name: "Simpan laporan" }).click();

  // The commitments page now lists it as achieved, with the note.
  await expect(page).toHaveURL(/\/komitmen\/15\.05$/);
  const done = page.locator("section.status-done li", { hasText: title });
  await expect(done.first()).toContainText(note);

  // The national overview counts one overdue commitment less.
  await page.goto("/");
  if (wasLate) {
    await expect(overdue).toHaveText(String(before - 1));
  } else {
    await expect(overdue).toHaveText(String(before));
  }
});

test("leadership reads the audit log, filtered in the URL", async ({ page }) => {
  await signIn(page, "e2e-pimpinan", "/");
  await page.getByRole("link", { name: "Log audit" }).click();
  await expect(page.locator("h1")).toHaveText("Log audit");
  await page.getByLabel("Tindakan").fill("login");
  await page.getByRole("button", { name: "Terapkan" }).click();
  await expect(page).toHaveURL(/action=login/);
  await expect(page.locator("table.audit")).toContainText("e2e-pimpinan");
  // Sign out: the header offers "Masuk" again.
  await page.getByRole("button", { name: "Keluar" }).click();
  await expect(page.getByRole("link", { name: "Masuk" })).toBeVisible();
});

test("no serious accessibility violations on the forms", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "axe-core needs JavaScript in the page");
  await page.goto("/masuk");
  await expectNoSeriousA11yViolations(page);
  await signIn(page, "e2e-asisten", "/kabupaten/15.05");
  await expectNoSeriousA11yViolations(page);
  const mall = await page.getByRole("link", { name: /Mal Pelayanan Publik/ }).first().getAttribute("href");
  await page.goto(`/sidak/baru?unit=${encodeURIComponent(mall!.replace("/unit/", ""))}`);
  await expectNoSeriousA11yViolations(page);
  // A failed submission (errors shown) stays accessible too.
  await page.getByLabel("Pemeriksa").fill("");
  await page.getByRole("button", { name: "Simpan inspeksi" }).click();
  await expect(page.locator("#i-inspector-error")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
