/* Search, in the browser: a county's, from the index the build wrote in ./ (meta.js, key
   shards k/, rows r/, excerpt sources t/), and the portal's over every county (meta.js,
   names n/ and r/, text routing f/, then the counties' own indexes). All are data scripts,
   loaded by reception.js's `load`, so that search works opened from disk too. A query reads
   the shards of its keys and, a page at a time, the chunks and rows that page needs. Text is
   normalised and hashed exactly as src/search/text.rs does. Results are built with DOM
   calls (textContent), never from HTML strings. Without JavaScript the page shows the
   directory instead. */
(function () {
  "use strict";

  /* ---- The search itself: no DOM, so Node can run it too (tests, bench). ---- */

  function norm(c) {
    var n = c.codePointAt(0);
    if (n >= 0xFF01 && n <= 0xFF5E) { c = String.fromCodePoint(n - 0xFEE0); n = c.codePointAt(0); }
    if ((n >= 48 && n <= 57) || (n >= 97 && n <= 122)) { return c; }
    if (n >= 65 && n <= 90) { return c.toLowerCase(); }
    if ((n >= 0x3400 && n <= 0x4DBF) || (n >= 0x4E00 && n <= 0x9FFF) || (n >= 0xF900 && n <= 0xFAFF) ||
        (n >= 0x20000 && n <= 0x2FA1F)) { return c; }
    return null;
  }
  /* Whitespace separates words; punctuation is dropped, so 听、看 reads as 听看. */
  function runs(text) {
    var out = [], cur = "";
    for (var c of text) {
      if (/\s/.test(c)) { if (cur) { out.push(cur); cur = ""; } continue; }
      var m = norm(c);
      if (m) { cur += m; }
    }
    if (cur) { out.push(cur); }
    return out;
  }
  function isCjk(s) { return /[\u3400-\u9fff\uf900-\ufaff]|[\ud840-\ud87e]/.test(s); }
  function bigrams(term) {
    var chars = Array.from(term), out = [];
    if (chars.length === 1) { return [term]; }
    for (var i = 0; i + 1 < chars.length; i++) { out.push(chars[i] + chars[i + 1]); }
    return out;
  }
  function hash(s) {
    var h = 0x811c9dc5;
    for (var c of s) { h ^= c.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  /* Query → terms: Chinese runs are terms of their own; Latin runs are joined into one
     pinyin term, so "song jin feng" reads as "songjinfeng". */
  function terms(query) {
    var out = [], latin = "";
    runs(query).forEach(function (r) { if (isCjk(r)) { out.push({ text: r, cjk: true }); } else { latin += r; } });
    if (latin) { out.push({ text: latin, cjk: false }); }
    return out;
  }
  /* The strings a name's pinyin is found by (src/search/mod.rs, pinyin_strings): its
     syllables joined from each one on, and its initials. */
  function pinyinStrings(pinyin) {
    if (!pinyin) { return []; }
    var syl = pinyin.split(" "), out = [];
    for (var i = 0; i < syl.length; i++) { out.push(syl.slice(i).join("")); }
    if (syl.length > 1) { out.push(syl.map(function (s) { return s[0]; }).join("")); }
    return out;
  }
  function pinyinScore(pinyin, p) {
    var all = pinyinStrings(pinyin);
    if (!all.length) { return 0; }
    var joined = all[0], initials = all.length > 1 ? all[all.length - 1] : "";
    if (joined === p) { return 900; }
    if (initials === p && p.length > 1) { return 800; }
    for (var i = 1; i < all.length - 1; i++) { if (all[i] === p) { return 700; } }
    if (joined.indexOf(p) === 0) { return 500; }
    if (p.length > 1 && initials.indexOf(p) === 0) { return 300; }
    return all.some(function (s) { return s.indexOf(p) === 0; }) ? 200 : 0;
  }
  /* How well a result matches one term (its title, pinyin, township and villages). */
  function score(doc, term) {
    var t = term.text, title = doc.title.toLowerCase(), s = 0;
    if (title === t) { s = 1000; } else if (title.indexOf(t) === 0) { s = 600; } else if (title.indexOf(t) >= 0) { s = 400; }
    if (!term.cjk && doc.kind <= 1) { s = Math.max(s, pinyinScore(doc.pinyin, t)); }
    if (doc.kind <= 1) {
      /* A village or community the station serves: the station, then its deputies. */
      var served = doc.villages ? doc.villages.split("、") : [], own = doc.kind === 1 ? 50 : 0;
      if (served.indexOf(t) >= 0) { s = Math.max(s, 700 + own); } else if (doc.villages.indexOf(t) >= 0) { s = Math.max(s, 300 + own); }
      if (doc.township === t) { s = Math.max(s, 650 + own); } else if (doc.township.indexOf(t) >= 0) { s = Math.max(s, 200 + own); }
      /* A deputy's 责任田, in their result line: before the others of the station. */
      if (doc.kind === 0 && t.length > 1 && doc.duty.indexOf(t) >= 0) { s = Math.max(s, 720); }
    }
    return s;
  }
  function byScore(hits) {
    hits.sort(function (a, b) { return b.score - a.score || a.doc.kind - b.doc.kind || a.i - b.i; });
    return hits.map(function (h) { return h.doc; });
  }

  /* ---- Stores (src/search/store.rs): keys and their ascending numbers, in shards of
     `hash(key) % shards`; a long list in chunks, the first in the shard with the last
     number of each. ---- */
  function decode(list) {
    var out = [], at = 0;
    if (list) { list.split(",").forEach(function (gap) { at += parseInt(gap, 36); out.push(at); }); }
    return out;
  }
  function createStore(load, dir, shards) {
    var files = {};
    function file(name) { if (!files[name]) { files[name] = load(dir + name + ".js"); } return files[name]; }
    /* The list of `key` (null when there is none): {ends, split, chunk(i) → Promise of ids}. */
    function list(key) {
      /* Sharded without its tag (store.rs, shard_key): a bigram's keys share a shard. */
      return file(String(hash(key.replace(/^[~^]+/, "")) % shards)).then(function (map) {
        var e = Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
        if (e === undefined) { return null; }
        var first = decode(typeof e === "string" ? e : e[0]);
        var ends = (typeof e !== "string" && e[1]) || [first.length ? first[first.length - 1] : -1];
        var chunks = [Promise.resolve(first)];
        return {
          ends: ends,
          split: typeof e !== "string" && e[2] === 1,
          chunk: function (i) {
            if (!chunks[i]) { chunks[i] = file(e[3] + "-" + i).then(decode); }
            return chunks[i];
          }
        };
      });
    }
    /* The list of the longest prefix key of `q` (see prefix_keys): split keys are followed
       while the query is longer. */
    function prefix(tag, q) {
      function walk(n) {
        return list(tag + q.slice(0, n)).then(function (l) {
          return l && l.split && n < q.length ? walk(n + 1) : l;
        });
      }
      return walk(Math.min(2, q.length));
    }
    return { list: list, prefix: prefix };
  }
  /* The numbers a query matches, in ascending order, a page at a time. The query: AND over
     `terms`, each an OR over `alts`, each an AND over `lists` (null: a key that is not
     there). Each step reads at most one more chunk of each list: the numbers up to the
     lowest end among the chunks in reach are then known. A number found only by an alt
     marked `loose` is handed on with the term's index in `loose`, to be checked. */
  function createPager(terms) {
    var lo = -1, done = false, pending = [];
    function chunkAfter(l) {
      for (var c = 0; c < l.ends.length; c++) { if (l.ends[c] > lo) { return c; } }
      return -1;
    }
    function step() {
      var live = [], need = [];
      terms.forEach(function (term) {
        var alts = term.alts.filter(function (alt) {
          return alt.lists.every(function (l) { return l && chunkAfter(l) >= 0; });
        });
        live.push(alts);
        alts.forEach(function (alt) { alt.lists.forEach(function (l) { need.push(l); }); });
      });
      if (live.some(function (alts) { return !alts.length; })) { done = true; return Promise.resolve(); }
      var hi = Infinity;
      need.forEach(function (l) { hi = Math.min(hi, l.ends[chunkAfter(l)]); });
      return Promise.all(need.map(function (l) { return l.chunk(chunkAfter(l)); })).then(function () {
        return Promise.all(live.map(function (alts) {
          return Promise.all(alts.map(function (alt) {
            return Promise.all(alt.lists.map(function (l) { return l.chunk(chunkAfter(l)); })).then(function (sets) {
              var inRange = sets.map(function (ids) { return ids.filter(function (u) { return u > lo && u <= hi; }); });
              inRange.sort(function (a, b) { return a.length - b.length; });
              var rest = inRange.slice(1).map(function (ids) { return new Set(ids); });
              return inRange[0].filter(function (u) { return rest.every(function (s) { return s.has(u); }); });
            });
          }));
        })).then(function (perTerm) {
          /* For each term: number → true when a strict alt has it, false when only loose ones. */
          var maps = perTerm.map(function (altIds, k) {
            var m = new Map();
            altIds.forEach(function (ids, a) {
              var strict = !live[k][a].loose;
              ids.forEach(function (u) { m.set(u, m.get(u) || strict); });
            });
            return m;
          });
          maps.sort(function (a, b) { return a.size - b.size; });
          var found = Array.from(maps[0].keys()).filter(function (u) { return maps.every(function (m) { return m.has(u); }); });
          found.sort(function (a, b) { return a - b; });
          found.forEach(function (u) {
            var loose = [];
            perTerm.forEach(function (altIds, k) {
              var strict = altIds.some(function (ids, a) { return !live[k][a].loose && ids.indexOf(u) >= 0; });
              if (!strict) { loose.push(k); }
            });
            pending.push({ id: u, loose: loose });
          });
          lo = hi;
          if (hi === Infinity || need.every(function (l) { return l.ends[l.ends.length - 1] <= hi; })) { done = true; }
        });
      });
    }
    /* Up to `n` more numbers: {hits: [{id, loose}], done}. */
    function next(n) {
      if (pending.length >= n || done) {
        var hits = pending.splice(0, n);
        return Promise.resolve({ hits: hits, done: done && !pending.length });
      }
      return step().then(function () { return next(n); });
    }
    return { next: next };
  }
  /* A term's lists in a store: a Chinese term by its bigrams, and by where pages are (`^`
     keys: their station's name, or a station's township and villages; loose: checked
     against the page's station); a one-character term by the names and titles holding it
     (`~` keys); a Latin term by its bigrams and, unless `textOnly`, by the pinyin of names
     (loose: checked against the pinyin). */
  function termAlts(store, term, textOnly, tag) {
    var t = term.text, n = Array.from(t).length, alts = [];
    if (n >= 2) {
      alts.push(Promise.all(bigrams(t).map(store.list)).then(function (lists) { return { lists: lists }; }));
      if (term.cjk) {
        alts.push(Promise.all(bigrams(t).map(function (g) { return store.list("^" + g); })).then(function (lists) {
          return { lists: lists, loose: true };
        }));
      }
    } else if (term.cjk) {
      alts.push(store.list(tag + t).then(function (l) { return { lists: [l] }; }));
    }
    if (!term.cjk && n >= 2 && !textOnly) {
      alts.push(store.prefix(tag, t).then(function (l) { return { lists: [l], loose: true }; }));
    }
    return Promise.all(alts).then(function (alts) { return { alts: alts }; });
  }

  var PAGE = 30;
  /* A searcher over one county's index; `load(path)` loads a data file of it. `open(query)`
     gives a cursor whose `more()` gives the next page: {docs, done}. A doc: kind, title,
     href (below the county), id, pinyin, summary, next, phone, township, villages, excerpt
     (the excerpt source's path below the index, or ""). With `textOnly` (the portal's text
     results) pinyin is not searched: the portal's names answer it. */
  function createSearch(load, textOnly) {
    var meta = null, rowFiles = {};
    function ready() {
      if (!meta) { meta = load("meta.js").then(function (m) { m.store = createStore(load, "k/", m.k); return m; }); }
      return meta;
    }
    function row(m, u) {
      var n = Math.floor(u / m.r);
      if (!rowFiles[n]) { rowFiles[n] = load("r/" + n + ".js"); }
      return rowFiles[n].then(function (rows) { return rows[u % m.r]; });
    }
    function station(m, n) {
      var f = Math.floor(n / m.s);
      if (!rowFiles["s" + f]) { rowFiles["s" + f] = load("s/" + f + ".js"); }
      return rowFiles["s" + f].then(function (rows) { return rows[n % m.s] || ["", ""]; });
    }
    /* "0-57,59" → [0, …, 57, 59]. */
    function numbers(spec) {
      var out = [];
      if (spec) {
        spec.split(",").forEach(function (part) {
          var ab = part.split("-"), a = +ab[0], b = ab.length > 1 ? +ab[1] : a;
          for (var i = a; i <= b; i++) { out.push(i); }
        });
      }
      return out;
    }
    var dirs = ["deputies/", "stations/", "/cases/", "/rules/"];
    /* A unit's page at station `st` ([id, name]). */
    function docOf(u, r, st) {
      var href = r[0] === 4 ? r[2] : r[0] <= 1 ? dirs[r[0]] + r[2] + "/" : "stations/" + st[0] + dirs[r[0]] + r[2] + "/";
      return {
        kind: r[0], title: r[1], href: href, id: r[2], pinyin: r[4], summary: r[5], next: r[6], phone: r[7],
        excerpt: r[8] ? "t/" + u + ".js" : "", township: r[9], villages: r[10], station: st[1], duty: r[5],
        sessions: "../sessions.js"
      };
    }
    /* A page found only by where it is, or by pinyin: does it hold the term? */
    function placed(doc, t) {
      if (!t.cjk) { return pinyinScore(doc.pinyin, t.text) > 0; }
      var around = doc.kind <= 1 ? doc.township + doc.villages : "";
      return [doc.station, around].some(function (s) { return runs(s).join("").indexOf(t.text) >= 0; });
    }
    function open(query) {
      var ts = terms(query).filter(function (t) { return t.cjk || t.text.length >= 2; });
      var pager = null;
      function start() {
        if (!pager) {
          pager = ready().then(function (m) {
            return Promise.all(ts.map(function (t) { return termAlts(m.store, t, textOnly, "~"); })).then(createPager);
          });
        }
        return pager;
      }
      /* Units found and not yet shown in full: a unit at many stations (a county rule)
         gives its pages a page at a time. */
      var queue = [], exhausted = false;
      function fill(m, p, out) {
        if (out.length >= PAGE) { return Promise.resolve(); }
        if (!queue.length) {
          if (exhausted) { return Promise.resolve(); }
          return p.next(PAGE).then(function (page) {
            exhausted = page.done;
            return Promise.all(page.hits.map(function (h) { return row(m, h.id); })).then(function (rows) {
              page.hits.forEach(function (h, i) {
                var at = numbers(rows[i][3]);
                queue.push({ h: h, r: rows[i], at: rows[i][0] <= 1 || rows[i][0] === 4 ? at.slice(0, 1) : at });
              });
              return fill(m, p, out);
            });
          });
        }
        var item = queue[0], take = item.at.splice(0, PAGE - out.length);
        if (!item.at.length) { queue.shift(); }
        return Promise.all(take.map(function (n) { return station(m, n); })).then(function (sts) {
          sts.forEach(function (st) {
            var doc = docOf(item.h.id, item.r, st), total = 0;
            for (var k = 0; k < ts.length; k++) {
              if (item.h.loose.indexOf(k) >= 0 && !placed(doc, ts[k])) { return; }
              total += score(doc, ts[k]) || 1;
            }
            out.push({ doc: doc, score: total, i: out.length });
          });
          return fill(m, p, out);
        });
      }
      function more() {
        if (!ts.length) { return Promise.resolve({ docs: [], done: true }); }
        return Promise.all([ready(), start()]).then(function (both) {
          var out = [];
          return fill(both[0], both[1], out).then(function () {
            return { docs: byScore(out), done: exhausted && !queue.length };
          });
        });
      }
      return { more: more };
    }
    return { open: open };
  }

  /* The portal's search over every county (src/search/portal.rs): first the names
     (deputies and stations by name, pinyin, township, village), then text, from the
     indexes of the counties that hold every bigram of the query, a few counties a page.
     Docs are those of a county's search with `href`, `excerpt` and `sessions` from the
     portal's search folder, and `county` the county's name. */
  var COUNTIES_A_PAGE = 3;
  function createPortalSearch(load) {
    var meta = null, rowFiles = {}, counties = {};
    function ready() {
      if (!meta) {
        meta = load("meta.js").then(function (m) {
          m.names = createStore(load, "n/", m.n);
          m.routes = createStore(load, "f/", m.f);
          return m;
        });
      }
      return meta;
    }
    function row(m, n) {
      var f = Math.floor(n / m.r);
      if (!rowFiles[f]) { rowFiles[f] = load("r/" + f + ".js"); }
      return rowFiles[f].then(function (rows) { return rows[n % m.r]; });
    }
    function county(id) {
      if (!counties[id]) { counties[id] = createSearch(function (p) { return load("../" + id + "/search/" + p); }, true); }
      return counties[id];
    }
    function nameDoc(m, r) {
      var c = m.counties[r[0]];
      return {
        kind: r[1], title: r[2], href: c[0] + (r[1] ? "/stations/" : "/deputies/") + r[3] + "/", id: r[3], pinyin: r[4],
        summary: c[1] + (r[5] ? " · " + r[5] : ""), next: "", phone: r[6], township: r[7], villages: r[8], excerpt: "",
        station: r[5], duty: "",
        sessions: "../" + c[0] + "/sessions.js"
      };
    }
    /* A name row holds the term: in its name, station, township or villages, or its pinyin. */
    function holds(r, t) {
      if (!t.cjk) { return pinyinScore(r[4], t.text) > 0; }
      return [r[2], r[5], r[7], r[8]].some(function (s) { return s.toLowerCase().indexOf(t.text) >= 0; });
    }
    function open(query) {
      var ts = terms(query).filter(function (t) { return t.cjk || t.text.length >= 2; });
      var seen = new Set(), names = null, routes = null, current = null, namesDone = false;
      var textual = ts.some(function (t) { return Array.from(t.text).length >= 2; });
      function nameTerms(m) {
        return Promise.all(ts.map(function (t) {
          var n = Array.from(t.text).length;
          if (!t.cjk) { return m.names.prefix("~", t.text).then(function (l) { return { alts: [{ lists: [l] }] }; }); }
          var keys = n >= 2 ? bigrams(t.text) : [t.text];
          return Promise.all(keys.map(m.names.list)).then(function (lists) { return { alts: [{ lists: lists }] }; });
        })).then(createPager);
      }
      function routeTerms(m) {
        var grams = [];
        ts.forEach(function (t) { if (Array.from(t.text).length >= 2) { grams = grams.concat(bigrams(t.text)); } });
        return Promise.all(grams.map(m.routes.list)).then(function (lists) {
          return createPager([{ alts: [{ lists: lists }] }]);
        });
      }
      function namePage(m) {
        if (!names) { names = nameTerms(m); }
        return names.then(function (pager) { return pager.next(PAGE); }).then(function (page) {
          return Promise.all(page.hits.map(function (h) { return row(m, h.id); })).then(function (rows) {
            var hits = [];
            rows.forEach(function (r, i) {
              if (!ts.every(function (t) { return holds(r, t); })) { return; }
              var doc = nameDoc(m, r), total = 0;
              ts.forEach(function (t) { total += score(doc, t) || 1; });
              seen.add(doc.href);
              hits.push({ doc: doc, score: total, i: i });
            });
            namesDone = page.done;
            return byScore(hits);
          });
        });
      }
      /* Text results of the next counties, until a page is full or a few counties were read. */
      function textPage(m, out, visited) {
        if (out.length >= PAGE || visited >= COUNTIES_A_PAGE) { return Promise.resolve(false); }
        var next = current ? Promise.resolve(current) : routes.then(function (pager) {
          return pager.next(1).then(function (page) {
            if (!page.hits.length) { return null; }
            var c = m.counties[page.hits[0].id];
            current = { county: c, cursor: county(c[0]).open(query) };
            return current;
          });
        });
        return next.then(function (cur) {
          if (!cur) { return true; }
          return cur.cursor.more().then(function (page) {
            page.docs.forEach(function (doc) {
              doc.href = cur.county[0] + "/" + doc.href;
              if (seen.has(doc.href)) { return; }
              seen.add(doc.href);
              doc.excerpt = doc.excerpt ? "../" + cur.county[0] + "/search/" + doc.excerpt : "";
              doc.sessions = "../" + cur.county[0] + "/sessions.js";
              doc.summary = cur.county[1] + (doc.summary ? " · " + doc.summary : "");
              out.push(doc);
            });
            if (page.done) { current = null; visited += 1; }
            return textPage(m, out, visited);
          });
        });
      }
      /* Names first; once they are all shown, text fills the rest of the page. */
      function more() {
        if (!ts.length) { return Promise.resolve({ docs: [], done: true }); }
        return ready().then(function (m) {
          return (namesDone ? Promise.resolve([]) : namePage(m)).then(function (out) {
            if (!namesDone || !textual || out.length >= PAGE) { return { docs: out, done: namesDone && !textual }; }
            if (!routes) { routes = routeTerms(m); }
            return textPage(m, out, 0).then(function (finished) { return { docs: out, done: finished }; });
          });
        });
      }
      return { more: more };
    }
    return { open: open };
  }
  if (typeof module === "object" && module.exports) {
    module.exports = { terms: terms, bigrams: bigrams, hash: hash, createSearch: createSearch, createPortalSearch: createPortalSearch };
    return;
  }

  /* ---- The page: form, results, "more", excerpts, ?q= ---- */

  var $ = function (id) { return document.getElementById(id); };
  var form = document.querySelector("form[role=search]");
  var input = $("q"), list = $("search-results"), status = $("search-status");
  var more = $("search-more"), directory = $("directory"), stringsNode = $("search-strings");
  var R = window.liaisonReception;
  if (!input || !list || !stringsNode || !R || !window.Promise) { return; }
  var S = JSON.parse(stringsNode.textContent);
  var EXCERPTS = 10;
  var engine = list.getAttribute("data-index") === "portal" ? createPortalSearch(R.load) : createSearch(R.load);
  var texts = {}, shown = 0, cursor = null, run = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  /* Text around the first match, with the match marked. */
  function excerpt(text, ts) {
    var lower = text.toLowerCase(), at = -1, len = 0;
    for (var k = 0; k < ts.length && at < 0; k++) { at = lower.indexOf(ts[k].text); len = ts[k].text.length; }
    var span = el("span", "excerpt");
    if (at < 0) { span.textContent = text.slice(0, 60).trim() + "…"; return span; }
    var start = Math.max(0, at - 24);
    span.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at).replace(/\s+/g, " ")));
    span.appendChild(el("mark", "", text.slice(at, at + len)));
    span.appendChild(document.createTextNode(text.slice(at + len, at + len + 40).replace(/\s+/g, " ") + "…"));
    return span;
  }
  /* The number a tel: link dials: digits and +, an extension after a pause. */
  function telHref(phone) {
    var parts = phone.split(/转|x|ext/);
    var out = parts[0].replace(/[^0-9+\-]/g, "");
    return parts.length > 1 ? out + "," + parts[1].replace(/[^0-9]/g, "") : out;
  }
  /* A deputy's or station's next reception, recomputed from its county's sessions.js
     (reception.js), so that results built weeks ago show the right day. */
  var sessionFiles = {};
  function recompute(doc, li, span) {
    var url = doc.sessions;
    if (!sessionFiles[url]) { sessionFiles[url] = R.load(url).catch(function () { return null; }); }
    sessionFiles[url].then(function (data) {
      if (!data) { return; }
      var next = R.ahead(data, doc.kind === 0 ? R.forDeputy(data, doc.id) : R.forStation(data, doc.id))[0];
      var text = S.next + S.colon + (next ? R.label(data, next) : data.t.none);
      if (span) { span.textContent = text; return; }
      span = el("span", "next", text);
      var after = li.querySelector(".summary") || li.querySelector(".kind");
      li.insertBefore(span, after ? after.nextSibling : null);
    });
  }
  function show(docs, ts) {
    docs.forEach(function (doc) {
      var li = el("li"), a = el("a", "", doc.title);
      a.href = "../" + doc.href;
      li.appendChild(a);
      li.appendChild(el("span", "kind", S.kinds[doc.kind]));
      if (doc.summary) { li.appendChild(el("span", "summary", doc.summary)); }
      if (doc.kind < 2) {
        var next = doc.next ? li.appendChild(el("span", "next", S.next + S.colon + doc.next)) : null;
        recompute(doc, li, next);
      }
      if (doc.phone) {
        var tel = el("a", "phone", S.phone + S.colon + doc.phone);
        tel.href = "tel:" + telHref(doc.phone);
        li.appendChild(tel);
      }
      if (doc.excerpt && shown < EXCERPTS) {
        (function (li, file) {
          if (!texts[file]) { texts[file] = R.load(file); }
          texts[file].then(function (text) { li.appendChild(excerpt(text, ts)); });
        })(li, doc.excerpt);
      }
      list.appendChild(li);
      shown += 1;
    });
  }
  /* The next page of results; the count says "+" while more may come. */
  function page(mine, query) {
    more.hidden = true;
    return cursor.more().then(function (result) {
      if (mine !== run) { return; }
      show(result.docs, terms(query));
      if (directory) { directory.hidden = shown > 0; }
      status.textContent = shown ? S.count.replace("{n}", shown + (result.done ? "" : "+")) : result.done ? S.none : "";
      more.hidden = result.done;
    });
  }
  function go(query) {
    var mine = ++run;
    list.textContent = "";
    shown = 0;
    if (!query.trim()) { status.textContent = ""; more.hidden = true; if (directory) { directory.hidden = false; } return; }
    cursor = engine.open(query);
    page(mine, query).catch(function () { status.textContent = S.none; if (directory) { directory.hidden = false; } });
  }
  more.addEventListener("click", function () { page(run, input.value); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try { history.pushState(null, "", url); } catch (err) { /* a browser that refuses it from disk */ }
    go(input.value);
  });
  window.addEventListener("popstate", function () {
    input.value = new URL(window.location.href).searchParams.get("q") || "";
    go(input.value);
  });
  input.value = new URL(window.location.href).searchParams.get("q") || "";
  go(input.value);
})();
