/* athar review: keyboard shortcuts and the next pair without a full page load.
   Plain JavaScript, no library, nothing fetched from elsewhere. Without it the page still works:
   the forms post and the server redirects to the next pair.
   Keys: a same person, r different people, u cannot tell, z undo, j/n next, k/p back. */
(function () {
  "use strict";
  var container = document.getElementById("review-item");
  if (!container) { return; }
  var busy = false;

  function swap(html, url) {
    container.innerHTML = html;
    if (url && url !== window.location.pathname) { window.history.pushState({}, "", url); }
    var heading = container.querySelector("h1");
    if (heading) { heading.focus(); }
  }

  function send(form, submitter) {
    if (busy) { return; }
    busy = true;
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch"}})
      .then(function (response) {
        var url = response.headers.get("X-Review-Url");
        if (response.status === 204) { window.location.assign(url || "../../"); return null; }
        if (!response.ok) { window.location.reload(); return null; }
        return response.text().then(function (html) { swap(html, url); });
      })
      .catch(function () { form.submit(); })
      .finally(function () { busy = false; });
  }

  container.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("review-form")) { return; }
    event.preventDefault();
    send(form, event.submitter);
  });

  function pressKey(key) {
    var target = container.querySelector("[data-key='" + key + "']");
    if (!target) { return false; }
    if (target.tagName === "A") { window.location.assign(target.href); return true; }
    var form = target.form;
    if (form.requestSubmit) { form.requestSubmit(target); } else { send(form, target); }
    return true;
  }

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

  window.addEventListener("popstate", function () { window.location.reload(); });
})();
