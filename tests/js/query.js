// Runs the site's own search script (themes/default/static/search.js) in Node against a
// built index, and prints what it finds and what it fetched:
//   node tests/js/query.js county <site>/<county>/search <query>...
//   node tests/js/query.js portal <site>/search <query>...
// One line of JSON per query: {"query", "urls": [...], "files": [...]}. For a county, the
// files include the excerpt sources the page fetches for its first ten results.
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
    const files = [];
    // A data script: `document.currentScript.liaison=<JSON>;` (src/render/mod.rs).
    const load = async (name) => {
      files.push(name);
      const text = fs.readFileSync(path.join(dir, name), "utf8");
      return JSON.parse(text.slice(text.indexOf("=") + 1, text.lastIndexOf(";")));
    };
    const engine = mode === "county" ? core.createSearch(load) : core.createPortalSearch(load);
    const docs = await engine.search(query);
    const idx = await engine.index();
    const excerpts = (idx.units ? docs.slice(0, 10).map((d) => idx.units[d[4]]) : []).filter(Boolean).map((f) => "t/" + f);
    console.log(JSON.stringify({ query, urls: docs.map((d) => d[2]), files: [...new Set(files.concat(excerpts))] }));
  }
})();
