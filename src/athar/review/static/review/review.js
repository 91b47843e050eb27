/* athar review: keyboard shortcuts and focus. The forms themselves go through HTMX (hx-post on each
   form, the next pair swapped into #review-item, its address pushed to the history; see
   review/item.html). Without JavaScript the page still works: the forms post and the server
   redirects to the next pair. Keys: a same person, r different people, u cannot tell, z undo,
   j/n next, k/p back. */
(function () {
  "use strict";
  var container = document.getElementById("review-item");
  if (!container) { return; }

  function pressKey(key) {
    var target = container.querySelector("[data-key='" + key + "']");
    if (!target) { return false; }
    if (target.tagName === "A") { window.location.assign(target.href); return true; }
    target.click();  // as a click: HTMX sends the clicked button's verdict with the form
    return true;
  }

  // The next pair is in: put the reader (and a screen reader) at its heading.
  container.addEventListener("htmx:afterSwap", function () {
    var heading = container.querySelector("h1");
    if (heading) { heading.focus(); }
  });
  // A refused decision (e.g. an undo that someone else's judgement overtook): show the page as
  // the server now has it rather than leave the reviewer on a stale pair.
  container.addEventListener("htmx:responseError", function () { window.location.reload(); });
  // No answer at all: post the form the plain way, so the judgement is not silently lost.
  container.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (form && form.tagName === "FORM") { form.submit(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT") {
      if (event.key === "Escape") { event.target.blur(); }
      return;  // typing a reason: letters are letters
    }
    var key = event.key.toLowerCase();
    var aliases = {n: "j", p: "k"};
    key = aliases[key] || key;
    if (key === "k") { window.history.back(); event.preventDefault(); return; }
    if ("arujz".indexOf(key) >= 0 && key.length === 1 && pressKey(key)) { event.preventDefault(); }
  });
})();
