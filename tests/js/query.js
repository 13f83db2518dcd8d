// Runs the site's own search script (themes/default/static/search.js) in Node against a
// built county's index, and prints what it finds and what it fetched:
//   node tests/js/query.js <site>/<county>/search <query>...
// Output, one line of JSON per query: {"query", "urls": [...], "files": [...]}.
"use strict";
const fs = require("fs");
const path = require("path");
const core = require(path.join(__dirname, "../../themes/default/static/search.js"));
const dir = process.argv[2];
(async () => {
  for (const query of process.argv.slice(3)) {
    const files = [];
    const engine = core.createSearch(async (name) => {
      files.push(name);
      return JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
    });
    const docs = await engine.search(query);
    const idx = await engine.index();
    // The page fetches the excerpt sources of the first ten results.
    const excerpts = docs.slice(0, 10).map((d) => idx.units[d[4]]).filter(Boolean).map((f) => "t/" + f);
    console.log(JSON.stringify({ query, urls: docs.map((d) => d[2]), files: [...new Set(files.concat(excerpts))] }));
  }
})();
