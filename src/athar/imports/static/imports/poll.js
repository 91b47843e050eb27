// Polls an import job's fragment while it runs: an element with data-poll-url is replaced by the
// fragment the URL returns (the server's HTML, as HTMX's hx-get/hx-swap="outerHTML" would), every
// data-poll-every milliseconds, until the fragment comes back without data-poll-url (the job ended).
// Without JavaScript the page's refresh link does the same by hand.
(function () {
  "use strict";
  function poll(element) {
    var url = element.getAttribute("data-poll-url");
    var every = parseInt(element.getAttribute("data-poll-every") || "1000", 10);
    if (!url) { return; }
    window.setTimeout(function () {
      fetch(url, {headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          if (!fresh) { return; }
          element.replaceWith(fresh);
          poll(fresh);
        })
        .catch(function () { poll(element); });
    }, every);
  }
  document.querySelectorAll("[data-poll-url]").forEach(poll);
})();
