// 长辈版 (issue 18): larger type, higher contrast, larger targets, kept across pages.
// Loaded in every page's head (not deferred) so the mode is set before the first paint.
// The choice is kept in localStorage; without JavaScript the switch is the link to #elder,
// which the stylesheet reads with :target on that page (see ARCHITECTURE.md).
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "liaison-elder";
  function store(on) {
    try {
      if (on) localStorage.setItem(key, "1");
      else localStorage.removeItem(key);
    } catch (e) { /* storage refused (private mode): the mode holds for this page */ }
  }
  var on = false;
  try { on = localStorage.getItem(key) === "1"; } catch (e) { /* as above */ }
  if (location.hash === "#elder") { on = true; store(true); }
  root.classList.toggle("elder", on);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-mode]");
    if (!link) return;
    event.preventDefault();
    var elder = link.getAttribute("data-mode") === "elder";
    store(elder);
    root.classList.toggle("elder", elder);
    // Leaving the mode must also end the #elder target the no-script path set.
    if (!elder && location.hash === "#elder") location.hash = "";
    var other = document.querySelector(elder ? ".to-standard" : ".to-elder");
    if (other) other.focus();
  });
})();
