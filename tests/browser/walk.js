// Walks a site in Chromium as a reader would, clicking links and searching, and reports
// where each step landed:
//   node tests/browser/walk.js <start url> '<steps as JSON>'
// A step is {"link": "text"} (click the first link whose text contains it, wait for the
// page), {"search": "query"} (type it in the page's search box and press Enter; wait for
// the result list) or {"result": n} (follow the n-th search result). NOJS=1 turns
// JavaScript off. Prints one line of JSON per step: {"url", "h1", "results", "marks",
// "errors"}, where marks counts the matches marked in the results' excerpts and
// errors are the page's console errors, script errors and failed loads (a
// Content-Security-Policy refusal among them).
"use strict";
const { chromium } = require("playwright-core");
(async () => {
  const [start, stepsJson] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ javaScriptEnabled: !process.env.NOJS });
  const page = await context.newPage();
  let errors = [];
  page.on("console", (m) => { if (m.type() === "error") { errors.push(m.text()); } });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push("failed: " + r.url()));
  const report = async () => {
    const h1 = await page.locator("h1").first().textContent().catch(() => null);
    const results = await page.$$eval("#search-results > li > a:first-child", (as) => as.map((a) => a.href)).catch(() => []);
    const marks = await page.$$eval("#search-results mark", (m) => m.length).catch(() => 0);
    console.log(JSON.stringify({ url: page.url(), h1, results, marks, errors }));
    errors = [];
  };
  await page.goto(start, { waitUntil: "load" });
  await report();
  for (const step of JSON.parse(stepsJson)) {
    if (step.link !== undefined) {
      const link = page.locator("main a, header a", { hasText: step.link }).first();
      await Promise.all([page.waitForEvent("load"), link.click()]);
    } else if (step.search !== undefined) {
      await page.fill("#q", step.search);
      if (await page.$("#search-results")) {
        await page.press("#q", "Enter");
      } else {
        await Promise.all([page.waitForEvent("load"), page.press("#q", "Enter")]);
      }
      // The status says how many were found (or none): the search has run.
      await page.waitForFunction(() => {
        const s = document.getElementById("search-status");
        return s && s.textContent.trim() !== "";
      }, null, { timeout: 10000 }).catch(() => {});
      // Excerpts come after the results, each from its own small file.
      await page.waitForTimeout(500);
    } else if (step.result !== undefined) {
      const link = page.locator("#search-results > li > a:first-child").nth(step.result);
      await Promise.all([page.waitForEvent("load"), link.click()]);
    }
    await report();
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
