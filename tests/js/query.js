// Runs the site's own search script (themes/default/static/search.js) in Node against a
// built index, and prints what it finds and what it fetched:
//   node tests/js/query.js county <site>/<county>/search <query>...
//   node tests/js/query.js portal <site>/search <query>...
// One line of JSON per query: {"query", "urls": [every result, page after page], "pages",
// "files": [what the first page fetched, with the excerpt sources the page fetches for its
// first ten results], "counties": [the county of each portal result, "" for a county's]}.
// Paths are relative to the index folder.
"use strict";
const fs = require("fs");
const path = require("path");
const core = require(path.join(__dirname, "../../themes/default/static/search.js"));
const [mode, dir, ...queries] = process.argv.slice(2);
if (mode !== "county" && mode !== "portal") {
  console.error("usage: query.js county|portal <index folder> <query>...");
  process.exit(2);
}
(async () => {
  for (const query of queries) {
    let files = [];
    // A data script: `document.currentScript.liaison=<JSON>;` (src/render/mod.rs).
    const load = async (name) => {
      files.push(path.posix.normalize(name));
      const text = fs.readFileSync(path.join(dir, name), "utf8");
      return JSON.parse(text.slice(text.indexOf("=") + 1, text.lastIndexOf(";")));
    };
    const engine = mode === "county" ? core.createSearch(load) : core.createPortalSearch(load);
    const cursor = engine.open(query);
    const docs = [];
    let first = null, pages = 0;
    for (;;) {
      const page = await cursor.more();
      pages += 1;
      docs.push(...page.docs);
      if (!first) {
        first = files.concat(docs.slice(0, 10).map((d) => d.excerpt).filter(Boolean).map((f) => path.posix.normalize(f)));
      }
      if (page.done) break;
      if (pages > 100000) throw new Error("no end of pages");
    }
    const counties = docs.map((d) => (mode === "portal" ? d.href.split("/")[0] : ""));
    console.log(JSON.stringify({ query, urls: docs.map((d) => d.href), pages, files: [...new Set(first)], counties }));
  }
})().catch((e) => { console.error(e); process.exit(1); });
