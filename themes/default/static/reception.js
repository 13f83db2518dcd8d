/* Recomputes every date a page shows as upcoming, so that a page built weeks ago still
   shows the right days: the next reception, the list of coming sessions, the county's
   next 14 days and its station cards, and (for search.js) the next reception of a search
   result. The sessions were computed at build time from the same rules (holidays, rosters,
   exceptions, merged sessions) and are embedded in the page (<script type="application/json"
   id="reception-data">) or, for the county home and search, in the county's sessions.json:
   this drops those already over. Without JavaScript the built answer stands, and the page
   says when it was built. No dependency, no network but that one file. */
(function () {
  "use strict";
  var weekdaysZh = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
  var weekdaysEn = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var monthsEn = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var DAY = 86400000;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(minutes) { return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60); }

  /* The clock of a data set: "now" as a wall-clock time in the portal's zone, as UTC. */
  function frame(data) {
    var base = data.base.split("-");
    var nowLocal = Date.now() + data.offset * 60000;
    return { base: Date.UTC(+base[0], +base[1] - 1, +base[2]), now: nowLocal, today: nowLocal - nowLocal % DAY };
  }
  /* The sessions not yet over (a session without an end counts as two hours), as
     {s, day}; `keep(s, i)` filters them. */
  function ahead(data, keep) {
    var f = frame(data), out = [];
    for (var i = 0; i < data.s.length; i++) {
      var s = data.s[i], day = f.base + s[0] * DAY;
      var end = s[2] >= 0 ? s[2] : s[1] + 120;
      if (day + end * 60000 <= f.now) { continue; }
      if (keep && !keep(s, i)) { continue; }
      out.push({ s: s, day: day });
    }
    return out;
  }
  function zh(data) { return data.lang !== "en"; }
  function dayLabel(data, day) {
    var d = new Date(day), sameYear = d.getUTCFullYear() === new Date(frame(data).today).getUTCFullYear();
    if (zh(data)) {
      return (sameYear ? "" : d.getUTCFullYear() + "年") + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日（" +
        weekdaysZh[d.getUTCDay()] + "）";
    }
    return weekdaysEn[d.getUTCDay()] + ", " + d.getUTCDate() + " " + monthsEn[d.getUTCMonth()] +
      (sameYear ? "" : " " + d.getUTCFullYear());
  }
  function timeLabel(data, s) {
    return s[2] >= 0 ? clock(s[1]) + "–" + clock(s[2]) : (zh(data) ? clock(s[1]) + " 起" : "from " + clock(s[1]));
  }
  function isoDay(day) { var d = new Date(day); return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function iso(data, item) {
    var o = Math.abs(data.offset);
    return isoDay(item.day) + "T" + clock(item.s[1]) + (data.offset >= 0 ? "+" : "-") + clock(o);
  }
  function label(data, item) { return dayLabel(data, item.day) + " " + timeLabel(data, item.s); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  /* The notice that announces a session (issue 17), as " · 公告：<a>title</a>". */
  function noticeLink(data, s, root, parent) {
    if (!(s[7] >= 0) || !data.n) { return; }
    var n = data.n[s[7]], a = el("a", n[1], "notice-link");
    a.href = root + n[0];
    parent.appendChild(document.createTextNode(" · " + data.t.notice + data.t.colon));
    parent.appendChild(a);
  }
  function stationLink(data, index, root) {
    var st = data.st[index], a = el("a", st[1]);
    a.href = root + "stations/" + st[0] + "/";
    return a;
  }

  /* A station's sessions in a county's data, or a deputy's. */
  function forStation(data, id) {
    var at = -1;
    for (var i = 0; i < data.st.length; i++) { if (data.st[i][0] === id) { at = i; } }
    return function (s) { return s[4] === at; };
  }
  function forDeputy(data, id) {
    var group = data.d ? data.d[id] : undefined, set = {};
    if (group === undefined) { return function () { return false; }; }
    data.g[group].forEach(function (i) { set[i] = true; });
    return function (s, i) { return set[i] === true; };
  }

  var api = { ahead: ahead, label: label, forStation: forStation, forDeputy: forDeputy };
  if (typeof module === "object" && module.exports) { module.exports = api; return; }
  window.liaisonReception = api;

  /* ---- A station's or deputy's page: the next reception and the coming sessions ---- */
  function page(data) {
    var list = ahead(data);
    var target = document.querySelector("time.next-reception");
    if (target) {
      if (list.length) {
        var first = list[0], dayNode = target.querySelector(".day"), timeNode = target.querySelector(".time");
        if (dayNode && timeNode) {
          dayNode.textContent = dayLabel(data, first.day);
          timeNode.textContent = timeLabel(data, first.s);
        } else { target.textContent = label(data, first); }
        target.setAttribute("datetime", iso(data, first));
        var at = document.querySelector(".next-at");
        if (at) {
          at.hidden = first.s[4] < 0;
          var link = at.querySelector("a");
          if (link && first.s[4] >= 0) { at.replaceChild(stationLink(data, first.s[4], data.root), link); }
        }
        var place = document.querySelector(".next-place");
        if (place) { place.textContent = first.s[6] >= 0 ? (zh(data) ? "，" : ", ") + data.w[first.s[6]] : ""; }
      } else {
        target.textContent = target.getAttribute("data-none") || data.t.none;
        target.removeAttribute("datetime");
      }
    }
    var ol = document.querySelector("ol.upcoming");
    if (!ol) { return; }
    var shown = ol.children.length;
    ol.textContent = "";
    list.slice(0, Math.max(shown, 6)).forEach(function (item) {
      var li = el("li"), time = el("time", dayLabel(data, item.day));
      time.setAttribute("datetime", iso(data, item));
      li.appendChild(time);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", timeLabel(data, item.s), "time"));
      li.appendChild(document.createTextNode(" · " + data.w[item.s[3]]));
      if (item.s[4] >= 0) {
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(stationLink(data, item.s[4], data.root));
      }
      noticeLink(data, item.s, data.root, li);
      if (item.s[5] >= 0) {
        var base = frame(data).base;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", data.t.po + data.t.moved + " " + dayLabel(data, base + item.s[5] * DAY) + data.t.pc, "meta"));
      }
      ol.appendChild(li);
    });
    if (!list.length) {
      ol.hidden = true;
      var heading = ol.previousElementSibling;
      if (heading && heading.tagName === "H3") { heading.hidden = true; }
    }
  }

  /* ---- The county home: the next days, and each station card's next reception ---- */
  function county(data, box) {
    var days = +box.getAttribute("data-days") || 14, f = frame(data), last = f.today + (days - 1) * DAY;
    var list = ahead(data, function (s) { return f.base + s[0] * DAY <= last; });
    box.textContent = "";
    var ul = null, current = -1;
    list.forEach(function (item) {
      if (item.day !== current) {
        current = item.day;
        var h3 = el("h3"), time = el("time", dayLabel(data, item.day));
        time.setAttribute("datetime", isoDay(item.day));
        h3.appendChild(time);
        box.appendChild(h3);
        ul = box.appendChild(el("ul", "", "day-sessions"));
      }
      var li = el("li", timeLabel(data, item.s) + " ");
      li.appendChild(stationLink(data, item.s[4], ""));
      li.appendChild(document.createTextNode(" · " + data.w[item.s[3]]));
      noticeLink(data, item.s, "", li);
      ul.appendChild(li);
    });
    if (!list.length) { box.appendChild(el("p", data.t.soon)); }
    var cards = document.querySelectorAll(".next-line[data-station]");
    for (var c = 0; c < cards.length; c++) {
      var next = ahead(data, forStation(data, cards[c].getAttribute("data-station")))[0];
      var text = cards[c].querySelector(".next-text");
      if (text) { text.textContent = next ? label(data, next) : data.t.none; }
    }
  }

  /* ---- Calendars in WeChat's in-app browser, where webcal: does nothing ---- */
  if (/MicroMessenger/i.test(navigator.userAgent)) {
    var subscribe = document.querySelectorAll("a[href^='webcal:']");
    for (var k = 0; k < subscribe.length; k++) { subscribe[k].hidden = true; }
    var links = document.querySelectorAll(".subscribe[data-wechat]");
    for (var n = 0; n < links.length; n++) {
      var note = el("p", links[n].getAttribute("data-wechat"), "meta wechat-calendar");
      links[n].parentNode.insertBefore(note, links[n].nextSibling);
    }
  }

  var dataNode = document.getElementById("reception-data");
  if (dataNode && window.JSON) {
    try { page(JSON.parse(dataNode.textContent)); } catch (e) { /* the built answer stands */ }
  }
  var box = document.getElementById("county-days");
  if (box && window.fetch) {
    fetch(box.getAttribute("data-src")).then(function (r) { if (!r.ok) { throw new Error("sessions"); } return r.json(); })
      .then(function (data) { county(data, box); })
      .catch(function () { /* the built answer stands */ });
  }
})();
