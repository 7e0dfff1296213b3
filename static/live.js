// Live sessions: follow the teacher by polling a small state document (at most once a second,
// with If-None-Match so an unchanged state costs a 304) and redrawing the panel when it changes.
(function () {
  "use strict";
  var panel = document.getElementById("live-panel");
  if (!panel || !window.fetch) { return; }
  var stateUrl = panel.getAttribute("data-live-state");
  var partialUrl = panel.getAttribute("data-live-partial");
  var etag = panel.getAttribute("data-etag");
  var timer = null;

  function countdown() {
    if (timer) { clearInterval(timer); }
    var el = panel.querySelector("[data-remaining]");
    if (!el) { return; }
    var left = parseInt(el.getAttribute("data-remaining"), 10);
    timer = setInterval(function () {
      left = Math.max(0, left - 1);
      el.textContent = String(left);
      if (left === 0) { clearInterval(timer); }
    }, 1000);
  }

  function redraw() {
    return fetch(partialUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        panel.innerHTML = html;
        countdown();
        var heading = panel.querySelector("[data-autofocus]");
        if (heading) { heading.focus(); }
      });
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(stateUrl, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (r) {
        if (r.status === 304) { return false; }
        if (!r.ok) { return false; }
        var changed = r.headers.get("ETag") !== etag;
        etag = r.headers.get("ETag");
        return changed;
      })
      .then(function (changed) { return changed ? redraw() : null; })
      .catch(function () { /* offline for a moment: try again */ })
      .then(function () { setTimeout(poll, 1000); });
  }

  countdown();
  poll();
})();
