// Opens a page in Chromium and reports how long after an edit its <h1> changes:
//   node tests/browser/live.js <url> <expected h1>
// Prints "ready" once the page is open, waits for a line on stdin (the edit is made),
// then prints the milliseconds until the <h1> reads <expected h1>.
"use strict";
const { chromium } = require("playwright-core");
const readline = require("readline");
(async () => {
  const [url, expected] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  // The page polls the server, so the network is never idle: wait for the load and a poll.
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(600);
  console.log("ready");
  await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once("line", resolve));
  const start = Date.now();
  await page.waitForFunction((text) => document.querySelector("h1") && document.querySelector("h1").textContent === text,
    expected, { timeout: 10000, polling: 20 });
  console.log(Date.now() - start);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
