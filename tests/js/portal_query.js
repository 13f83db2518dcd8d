// Runs the portal's name search of search.js in Node against a built site:
//   node tests/js/portal_query.js <site>/search <query>...
// Prints one line of JSON per query: {"query", "urls": [...], "files": [...]}.
"use strict";
const fs = require("fs");
const path = require("path");
const core = require(path.join(__dirname, "../../themes/default/static/search.js"));
const dir = process.argv[2];
(async () => {
  for (const query of process.argv.slice(3)) {
    const files = [];
    const engine = core.createPortalSearch(async (name) => {
      files.push(name);
      return JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
    });
    const docs = await engine.search(query);
    console.log(JSON.stringify({ query, urls: docs.map((d) => d[2]), files }));
  }
})();
