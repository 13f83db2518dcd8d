/* Search for one county, in the browser, from the index the build wrote in ./ (docs.json,
   ft/<shard>.json, t/<unit>.txt). Names, pinyin, initials and villages come from docs.json;
   text queries of two or more characters fetch only the shards of their bigrams. Text is
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
  function decode(list) {
    var out = new Set(), at = 0;
    list.split(",").forEach(function (gap) { at += parseInt(gap, 36); out.add(at); });
    return out;
  }
  /* Query → terms: Chinese runs are terms of their own; Latin runs are joined into one
     pinyin term, so "song jin feng" reads as "songjinfeng". */
  function terms(query) {
    var out = [], latin = "";
    runs(query).forEach(function (r) { if (isCjk(r)) { out.push({ text: r, cjk: true }); } else { latin += r; } });
    if (latin) { out.push({ text: latin, cjk: false }); }
    return out;
  }
  function pinyinScore(pinyin, p) {
    if (!pinyin) { return 0; }
    var syl = pinyin.split(" "), joined = syl.join(""), initials = syl.map(function (s) { return s[0]; }).join("");
    if (joined === p) { return 900; }
    if (initials === p && p.length > 1) { return 800; }
    for (var i = 1; i < syl.length; i++) { if (syl.slice(i).join("") === p) { return 700; } }
    if (joined.indexOf(p) === 0) { return 500; }
    if (p.length > 1 && initials.indexOf(p) === 0) { return 300; }
    return 0;
  }
  /* How well a page matches one term; 0 when it does not. Exact names and titles first. */
  function score(doc, st, term, fullText) {
    var t = term.text, title = doc[1].toLowerCase(), s = 0;
    if (title === t) { s = 1000; } else if (title.indexOf(t) === 0) { s = 600; } else if (title.indexOf(t) >= 0) { s = 400; }
    if (!term.cjk && doc[0] <= 1) { s = Math.max(s, pinyinScore(doc[5], t)); }
    if (doc[0] <= 1) {
      /* A village or community the station serves: the station, then its deputies. */
      var served = st[2] ? st[2].split("、") : [], own = doc[0] === 1 ? 50 : 0;
      if (served.indexOf(t) >= 0) { s = Math.max(s, 700 + own); }
      else if (st[2].indexOf(t) >= 0) { s = Math.max(s, 300 + own); }
      if (st[1] === t) { s = Math.max(s, 650 + own); } else if (st[1].indexOf(t) >= 0) { s = Math.max(s, 200 + own); }
      /* A deputy's 责任田, in their result line: before the others of the station. */
      if (doc[0] === 0 && t.length > 1 && doc[6].indexOf(t) >= 0) { s = Math.max(s, 720); }
    }
    if (fullText && fullText.has(doc[4])) { s = Math.max(s, 100); }
    if (!s && st[0].indexOf(t) >= 0) { s = 50; }
    return s;
  }
  /* A searcher over one county's index; `load(path)` fetches a JSON file of it. */
  function createSearch(load) {
    var index = null, shards = {};
    /* Rows give kind, station and id: the address is rebuilt here, and a rule shown at many
       stations takes the title of its first row. */
    function loadIndex() {
      if (!index) {
        index = load("docs.json").then(function (idx) {
          var titles = {}, paths = ["deputies/", "", "/cases/", "/rules/"];
          idx.docs.forEach(function (doc) {
            var st = idx.stations[doc[3]] || ["", "", "", ""], id = doc[2];
            /* A post's id is its address below the county (issue 17). */
            doc[2] = doc[0] === 4 ? id : doc[0] === 0 ? "deputies/" + id + "/" : "stations/" + st[3] + "/" + (doc[0] === 1 ? "" : paths[doc[0]].slice(1) + id + "/");
            if (doc[1]) { titles[doc[4]] = titles[doc[4]] || doc[1]; } else { doc[1] = titles[doc[4]] || ""; }
          });
          idx.units = Array.from(idx.excerpts).map(function (c, u) { return c === "1" ? u + ".txt" : ""; });
          return idx;
        });
      }
      return index;
    }
    function shard(n) { if (!shards[n]) { shards[n] = load("ft/" + n + ".json"); } return shards[n]; }
    function unitsFor(term, idx) {
      return Promise.all(bigrams(term).map(function (g) {
        return shard(hash(g) % idx.shards).then(function (map) { return map[g] ? decode(map[g]) : new Set(); });
      })).then(function (sets) {
        sets.sort(function (a, b) { return a.size - b.size; });
        return new Set(Array.from(sets[0]).filter(function (u) { return sets.every(function (s) { return s.has(u); }); }));
      });
    }
    function search(query) {
      var ts = terms(query);
      if (!ts.length) { return Promise.resolve([]); }
      return loadIndex().then(function (idx) {
        return Promise.all(ts.map(function (t) {
          return Array.from(t.text).length >= 2 ? unitsFor(t.text, idx) : Promise.resolve(null);
        })).then(function (full) {
          var hits = [];
          idx.docs.forEach(function (doc, i) {
            var st = idx.stations[doc[3]] || ["", "", ""], total = 0;
            for (var k = 0; k < ts.length; k++) {
              var s = score(doc, st, ts[k], full[k]);
              if (!s) { return; }
              total += s;
            }
            hits.push({ doc: doc, score: total, i: i });
          });
          hits.sort(function (a, b) { return b.score - a.score || a.doc[0] - b.doc[0] || a.i - b.i; });
          return hits.map(function (h) { return h.doc; });
        });
      });
    }
    return { search: search, index: loadIndex };
  }

  /* The portal's search over every county: names and pinyin only, from one shard of the
     name keys (src/search/portal.rs). Rows come back in the shape of county results. */
  function createPortalSearch(load) {
    var meta = null, shards = {};
    function loadMeta() { if (!meta) { meta = load("meta.json"); } return meta; }
    function search(query) {
      var ts = terms(query);
      if (!ts.length) { return Promise.resolve([]); }
      var key = Array.from(ts[0].text).slice(0, 2).join("");
      if (!ts[0].cjk && key.length < 2) { return Promise.resolve([]); }
      return loadMeta().then(function (m) {
        var n = hash(key) % m.shards;
        if (!shards[n]) { shards[n] = load("n/" + n + ".json"); }
        return shards[n].then(function (shard) {
          var hits = [];
          (shard.keys[key] || []).forEach(function (r) {
            var row = shard.rows[r], county = m.counties[row[0]], total = 0;
            var doc = [row[1], row[2], county[0] + (row[1] ? "/stations/" : "/deputies/") + row[3] + "/", -1, -1, row[4],
              county[1] + (row[5] ? " · " + row[5] : ""), "", row[6] || ""];
            for (var k = 0; k < ts.length; k++) {
              var s = score(doc, ["", "", ""], ts[k], null);
              if (!s) { return; }
              total += s;
            }
            hits.push({ doc: doc, score: total, i: r });
          });
          hits.sort(function (a, b) { return b.score - a.score || a.doc[0] - b.doc[0] || a.i - b.i; });
          return hits.map(function (h) { return h.doc; });
        });
      });
    }
    return { search: search, index: loadMeta };
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
  if (!input || !list || !stringsNode || !window.fetch) { return; }
  var S = JSON.parse(stringsNode.textContent);
  var PAGE = 30, EXCERPTS = 10;
  var fetchJson = function (url) {
    return fetch(url).then(function (r) { if (!r.ok) { throw new Error(url); } return r.json(); });
  };
  var engine = list.getAttribute("data-index") === "portal" ? createPortalSearch(fetchJson) : createSearch(fetchJson);
  var texts = {}, shown = 0, current = [], run = 0;

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
  /* A deputy's or station's next reception, recomputed from its county's sessions.json
     (reception.js), so that results built weeks ago show the right day. */
  var sessionFiles = {};
  function recompute(doc, li, span) {
    var R = window.liaisonReception;
    if (!R) { return; }
    var parts = doc[2].split("/"), portal = doc[3] === -1;
    var url = portal ? "../" + parts[0] + "/sessions.json" : "../sessions.json";
    var id = portal ? parts[2] : parts[1];
    if (!sessionFiles[url]) { sessionFiles[url] = fetchJson(url).catch(function () { return null; }); }
    sessionFiles[url].then(function (data) {
      if (!data) { return; }
      var next = R.ahead(data, doc[0] === 0 ? R.forDeputy(data, id) : R.forStation(data, id))[0];
      var text = S.next + S.colon + (next ? R.label(data, next) : data.t.none);
      if (span) { span.textContent = text; return; }
      span = el("span", "next", text);
      var after = li.querySelector(".summary") || li.querySelector(".kind");
      li.insertBefore(span, after ? after.nextSibling : null);
    });
  }
  function show(idx, ts) {
    var end = Math.min(current.length, shown + PAGE);
    for (var i = shown; i < end; i++) {
      var doc = current[i], li = el("li"), a = el("a", "", doc[1]);
      a.href = "../" + doc[2];
      li.appendChild(a);
      li.appendChild(el("span", "kind", S.kinds[doc[0]]));
      if (doc[6]) { li.appendChild(el("span", "summary", doc[6])); }
      if (doc[0] < 2) {
        var next = doc[7] ? li.appendChild(el("span", "next", S.next + S.colon + doc[7])) : null;
        recompute(doc, li, next);
      }
      if (doc[8]) {
        var tel = el("a", "phone", S.phone + S.colon + doc[8]);
        tel.href = "tel:" + telHref(doc[8]);
        li.appendChild(tel);
      }
      var file = idx.units && idx.units[doc[4]];
      if (file && i < EXCERPTS) {
        (function (li, file) {
          if (!texts[file]) { texts[file] = fetch("t/" + file).then(function (r) { return r.text(); }); }
          texts[file].then(function (text) { li.appendChild(excerpt(text, ts)); });
        })(li, file);
      }
      list.appendChild(li);
    }
    shown = end;
    more.hidden = shown >= current.length;
  }
  function go(query) {
    var mine = ++run;
    list.textContent = "";
    shown = 0;
    current = [];
    if (!query.trim()) { status.textContent = ""; more.hidden = true; if (directory) { directory.hidden = false; } return; }
    engine.search(query).then(function (docs) {
      if (mine !== run) { return; }
      current = docs;
      if (directory) { directory.hidden = docs.length > 0; }
      status.textContent = docs.length ? S.count.replace("{n}", docs.length) : S.none;
      return engine.index().then(function (idx) { show(idx, terms(query)); });
    }).catch(function () { status.textContent = S.none; if (directory) { directory.hidden = false; } });
  }
  more.addEventListener("click", function () { engine.index().then(function (idx) { show(idx, terms(input.value)); }); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    history.pushState(null, "", url);
    go(input.value);
  });
  window.addEventListener("popstate", function () {
    input.value = new URL(window.location.href).searchParams.get("q") || "";
    go(input.value);
  });
  input.value = new URL(window.location.href).searchParams.get("q") || "";
  go(input.value);
})();
