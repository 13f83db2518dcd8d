/* Filters the county's case list by category and status; the choice is kept in the
   address (?category=…&status=…). Without JavaScript the page lists every case by category. */
(function () {
  "use strict";
  var form = document.getElementById("case-filter");
  if (!form || !window.URL) { return; }
  var category = document.getElementById("filter-category"), status = document.getElementById("filter-status");
  var count = document.getElementById("filter-count");
  var params = new URL(window.location.href).searchParams;
  category.value = params.get("category") || "";
  status.value = params.get("status") || "";
  form.hidden = false;
  function apply() {
    var shown = 0;
    document.querySelectorAll(".case-group").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("li[data-status]").forEach(function (li) {
        var ok = (!category.value || li.getAttribute("data-category") === category.value) &&
          (!status.value || li.getAttribute("data-status") === status.value);
        li.hidden = !ok;
        visible += ok ? 1 : 0;
      });
      group.hidden = visible === 0;
      shown += visible;
    });
    count.textContent = (category.value || status.value) ? form.getAttribute("data-count").replace("{n}", shown) : "";
    var url = new URL(window.location.href);
    url.searchParams.delete("category");
    url.searchParams.delete("status");
    if (category.value) { url.searchParams.set("category", category.value); }
    if (status.value) { url.searchParams.set("status", status.value); }
    history.replaceState(null, "", url);
  }
  category.addEventListener("change", apply);
  status.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
