// Alias pages redirect with a meta refresh, which drops the `#fragment`; this carries it over.
// A file of the site, not inline, so the self-only CSP allows it.
(function () {
  var link = document.querySelector('link[rel="canonical"]');
  if (link && location.hash) location.replace(link.getAttribute('href') + location.hash);
})();
