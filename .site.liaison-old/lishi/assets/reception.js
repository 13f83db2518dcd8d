/* Recomputes "next reception" in the browser, so that a page built weeks ago still shows
   the right day. The page embeds its upcoming sessions (computed at build time from the
   same rules: holidays, rosters, exceptions) in <script type="application/json"
   id="reception-data">; this picks the first one not yet over. Without JavaScript the
   built answer stands. No dependency, no network. */
(function () {
  "use strict";
  var dataNode = document.getElementById("reception-data");
  var target = document.querySelector("time.next-reception");
  if (!dataNode || !target || !window.JSON) { return; }
  var data;
  try { data = JSON.parse(dataNode.textContent); } catch (e) { return; }
  var zh = data.lang !== "en";
  var weekdaysZh = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
  var weekdaysEn = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var monthsEn = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var base = data.base.split("-");
  var baseUtc = Date.UTC(+base[0], +base[1] - 1, +base[2]);
  var offsetMs = data.offset * 60000;
  // "Now" as a wall-clock time in the portal's zone, expressed as a UTC timestamp.
  var nowLocal = Date.now() + offsetMs;
  var today = new Date(nowLocal);
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(minutes) { return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60); }
  for (var i = 0; i < data.s.length; i++) {
    var s = data.s[i];
    var dayUtc = baseUtc + s[0] * 86400000;
    // A session without an end counts as running for two hours.
    var endMinutes = s[2] >= 0 ? s[2] : s[1] + 120;
    if (dayUtc + endMinutes * 60000 <= nowLocal) { continue; }
    var day = new Date(dayUtc);
    var sameYear = day.getUTCFullYear() === today.getUTCFullYear();
    var label;
    if (zh) {
      label = (sameYear ? "" : day.getUTCFullYear() + "年") + (day.getUTCMonth() + 1) + "月" +
        day.getUTCDate() + "日（" + weekdaysZh[day.getUTCDay()] + "）";
    } else {
      label = weekdaysEn[day.getUTCDay()] + ", " + day.getUTCDate() + " " + monthsEn[day.getUTCMonth()] +
        (sameYear ? "" : " " + day.getUTCFullYear());
    }
    var time = s[2] >= 0 ? clock(s[1]) + "–" + clock(s[2]) : (zh ? clock(s[1]) + " 起" : "from " + clock(s[1]));
    var iso = day.getUTCFullYear() + "-" + pad(day.getUTCMonth() + 1) + "-" + pad(day.getUTCDate()) +
      "T" + clock(s[1]) + (data.offset >= 0 ? "+" : "-") + clock(Math.abs(data.offset));
    var dayNode = target.querySelector(".day"), timeNode = target.querySelector(".time");
    if (dayNode && timeNode) { dayNode.textContent = label; timeNode.textContent = time; } else { target.textContent = label + " " + time; }
    target.setAttribute("datetime", iso);
    return;
  }
  var none = target.getAttribute("data-none");
  if (none) { target.textContent = none; target.removeAttribute("datetime"); }
})();
