import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the current page and fails on every violation whose
 * impact is "serious" or "critical", listing rule, help text and the offending elements.
 * Needs JavaScript in the page (skip it in the nojs project).
 * `exclude` takes CSS selectors to leave out (e.g. a third-party widget).
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  options: { exclude?: string[]; disableRules?: string[] } = {},
): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map(
      (v) =>
        `${v.impact}: ${v.id} — ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`.replace(/\n/g, " ")).join("\n"),
    )
    .join("\n");
  expect(serious, `serious/critical accessibility violations:\n${report}`).toEqual([]);
}
