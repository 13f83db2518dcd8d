// Opens pages in Chromium with the page clock fixed at a given time and prints, as JSON,
// the dates each shows as upcoming (after the page's scripts ran):
//   node tests/browser/clock.js <ISO time> <url>…
// With NOJS=1 in the environment, pages open with JavaScript off: what the build wrote;
// with UA=…, with that user agent (WeChat's in-app browser says MicroMessenger).
// For each url: the next reception, the coming sessions, the county's days and station
// cards, and search results (each as its text).
"use strict";
const { chromium } = require("playwright-core");
(async () => {
  const [time, ...urls] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const options = { javaScriptEnabled: !process.env.NOJS };
  if (process.env.UA) { options.userAgent = process.env.UA; }
  const context = await browser.newContext(options);
  const out = {};
  for (const url of urls) {
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(time));
    await page.goto(url, { waitUntil: "networkidle" });
    if (url.includes("q=") && !process.env.NOJS) {
      await page.waitForFunction(() => {
        const items = document.querySelectorAll("#search-results li");
        return items.length > 0 && Array.from(items).every((li) => li.querySelector(".next"));
      }, null, { timeout: 10000 }).catch(() => {});
      await page.waitForTimeout(300);
    }
    out[url] = await page.evaluate(() => {
      const texts = (selector) => Array.from(document.querySelectorAll(selector)).filter((e) => !e.closest("[hidden]"))
        .map((e) => e.textContent.replace(/\s+/g, " ").trim());
      const next = document.querySelector("time.next-reception");
      return {
        next: next ? next.textContent.replace(/\s+/g, " ").trim() : null,
        nextDatetime: next ? next.getAttribute("datetime") : null,
        upcoming: texts("ol.upcoming li"),
        upcomingDatetimes: Array.from(document.querySelectorAll("ol.upcoming li time")).map((t) => t.getAttribute("datetime")),
        days: texts("#county-days h3, #county-days li, #county-days p"),
        dayDatetimes: Array.from(document.querySelectorAll("#county-days h3 time")).map((t) => t.getAttribute("datetime")),
        cards: texts(".next-line"),
        results: texts("#search-results li .next, #search-results li .phone"),
        place: texts(".next-place"),
        subscribe: Array.from(document.querySelectorAll("a[href^='webcal:']")).filter((a) => a.offsetParent !== null).length,
        download: Array.from(document.querySelectorAll("a.download-ics")).filter((a) => a.offsetParent !== null).length,
        wechatNote: texts(".wechat-calendar"),
      };
    });
    await page.close();
  }
  console.log(JSON.stringify(out));
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
