// Audits pages of a built site in Debian's Chromium (driven by playwright-core): axe-core
// at WCAG 2.1 AA with the target-size rule of WCAG 2.2 (2.5.8), in the standard view and in
// the 长辈版 (elder mode, as its #elder link sets it; reported as "<path>#elder"), screenshots at phone and desktop sizes, the wall board printed to PDF,
// and the board's QR code cut out as a PNG (for zbarimg).
//   node tests/browser/audit.js <base-url> <artifacts-dir> <board-path> <page-path>...
// Prints one JSON object: {"violations": {path: [...]}, "boardPdf": file, "qrPng": file}.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [base, artifacts, boardPath, ...pages] = process.argv.slice(2);
const axePath = require.resolve("axe-core/axe.min.js");

// axe is injected by the test; the site never loads it.
async function audit(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      rules: { "target-size": { enabled: true } },
    }));
  if (!result.passes.concat(result.violations, result.incomplete, result.inapplicable).some((r) => r.id === "target-size")) {
    throw new Error("axe did not run the target-size rule");
  }
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}

(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const out = { violations: {}, screenshots: [] };
  const name = (p) => p.replace(/[\/]+/g, "_").replace(/^_|_$/g, "") || "portal";
  for (const p of [...pages, boardPath]) {
    for (const [w, h] of [[360, 740], [1280, 800]]) {
      // The site's CSP forbids injected scripts (as it should); only the audit bypasses it.
      const page = await browser.newPage({ viewport: { width: w, height: h }, bypassCSP: true });
      await page.goto(base + p, { waitUntil: "networkidle" });
      const file = path.join(artifacts, `${name(p)}-${w}x${h}.png`);
      await page.screenshot({ path: file, fullPage: true });
      out.screenshots.push(file);
      if (w === 360) {
        out.violations[p] = await audit(page);
        await page.goto(base + p + "#elder", { waitUntil: "networkidle" });
        out.violations[p + "#elder"] = await audit(page);
      }
      await page.close();
    }
  }
  const board = await browser.newPage();
  await board.goto(base + boardPath, { waitUntil: "networkidle" });
  out.boardPdf = path.join(artifacts, "board.pdf");
  await board.pdf({ path: out.boardPdf, format: "A4", preferCSSPageSize: true, printBackground: true });
  out.qrPng = path.join(artifacts, "board-qr.png");
  await board.setViewportSize({ width: 1280, height: 1200 });
  await board.locator(".qr-code svg").screenshot({ path: out.qrPng });
  await browser.close();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
