/* Opened from disk (file://: a site copied to a desk PC or a USB stick), a link to a folder
   ("stations/x/") shows the folder's listing: a web server answers it with the folder's
   index.html, a disk does not. Under file:// this points every link and form that leads
   to a folder at its index.html; links made later (search results) are mended when
   followed. Served over http(s) it does nothing. (`build --index-links` writes the links
   that way in the pages, for a browser without JavaScript.) */
(function () {
  "use strict";
  if (location.protocol !== "file:" || !window.URL) { return; }
  function mended(href) {
    var url = new URL(href, document.baseURI);
    if (url.protocol !== "file:" || url.pathname.slice(-1) !== "/") { return null; }
    url.pathname += "index.html";
    return url.href;
  }
  function mend(node, attribute) {
    var to = node && node.getAttribute(attribute) !== null ? mended(node.getAttribute(attribute)) : null;
    if (to) { node.setAttribute(attribute, to); }
  }
  function follow(event) {
    var target = event.target;
    mend(target && target.closest ? target.closest("a[href]") : null, "href");
  }
  var links = document.querySelectorAll("a[href]"), forms = document.querySelectorAll("form[action]");
  for (var i = 0; i < links.length; i++) { mend(links[i], "href"); }
  for (var k = 0; k < forms.length; k++) { mend(forms[k], "action"); }
  document.addEventListener("click", follow, true);
  document.addEventListener("auxclick", follow, true);
})();
