import { expect, test } from "@playwright/test";

// The build chain's output as the server delivers it (.ci/build.sh): the page asks for
// /pkg/pantau.{js,wasm,css} and the server serves each with a usable content type.

test("the hydration scripts and stylesheet the page references are served", async ({ page, request }) => {
  await page.goto("/");
  const html = await page.content();
  for (const path of ["/pkg/pantau.js", "/pkg/pantau.wasm", "/pkg/pantau.css"]) {
    expect(html, `the page references ${path}`).toContain(path);
  }
  const expected: Record<string, RegExp> = {
    "/pkg/pantau.js": /javascript/,
    "/pkg/pantau.wasm": /^application\/wasm/,
    "/pkg/pantau.css": /^text\/css/,
  };
  for (const [path, type] of Object.entries(expected)) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"] ?? "", `${path} content-type`).toMatch(type);
  }
});
