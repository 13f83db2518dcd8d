// Reflow (WCAG 2.1 1.4.10, issue 18): pages of a built site in Debian's Chromium at 320 and
// 360 CSS px and at 200% zoom (a 1280 px window at 200%: 640 CSS px, two device pixels each),
// in the standard view and in the 长辈版. On each: no sideways scrolling; every text of an
// SVG drawing inside its viewBox; no two texts of a chart overlapping. Screenshots at 320 px
// and 200% of each page in both modes are kept in the artifacts folder.
//   node tests/browser/reflow.js <base-url> <artifacts-dir> <page-path>...
// Prints one JSON object: {"problems": [...], "checked": n, "screenshots": [...], "kept": bool}.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [base, artifacts, ...pages] = process.argv.slice(2);
const sizes = [
  { name: "320", viewport: { width: 320, height: 640 }, deviceScaleFactor: 1, shot: true },
  { name: "360", viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, shot: false },
  { name: "zoom200", viewport: { width: 640, height: 400 }, deviceScaleFactor: 2, shot: true },
];

// Runs in the page: what does not fit.
function measure() {
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
      .slice(0, 3)
      .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className : ""));
    problems.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} (${wide.join(", ")})`);
  }
  for (const svg of document.querySelectorAll("svg[viewBox]")) {
    const vb = svg.viewBox.baseVal;
    const texts = [...svg.querySelectorAll("text")];
    for (const t of texts) {
      const b = t.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5) {
        problems.push(`SVG text "${t.textContent}" (${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}×${b.height.toFixed(1)}) outside viewBox ${vb.width}×${vb.height}`);
      }
    }
    if (!svg.classList.contains("chart")) continue;
    const rects = texts.map((t) => [t.textContent, t.getBoundingClientRect()]);
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const [a, ra] = rects[i];
        const [b, rb] = rects[j];
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 0.5 && h > 0.5) problems.push(`chart labels overlap: "${a}" and "${b}"`);
      }
    }
  }
  return problems;
}

(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  const out = { problems: [], checked: 0, screenshots: [] };
  const name = (p) => p.replace(/[\/]+/g, "_").replace(/^_|_$/g, "") || "portal";
  for (const size of sizes) {
    for (const mode of ["standard", "elder"]) {
      const context = await browser.newContext({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });
      const page = await context.newPage();
      for (const p of pages) {
        // The elder mode is chosen once, by its link, on the first page; it must hold on the others.
        const url = base + p + (mode === "elder" && p === pages[0] ? "#elder" : "");
        await page.goto(url, { waitUntil: "networkidle" });
        const elder = await page.evaluate(() => document.documentElement.classList.contains("elder"));
        if (elder !== (mode === "elder")) out.problems.push(`${p} ${size.name} ${mode}: the mode is not kept (elder=${elder})`);
        for (const problem of await page.evaluate(measure)) out.problems.push(`${p} ${size.name} ${mode}: ${problem}`);
        out.checked++;
        if (size.shot) {
          const file = path.join(artifacts, `reflow-${name(p)}-${size.name}-${mode}.png`);
          await page.screenshot({ path: file, fullPage: true });
          out.screenshots.push(file);
        }
      }
      await context.close();
    }
  }
  await browser.close();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
