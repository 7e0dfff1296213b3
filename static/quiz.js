// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the feedback heading so screen readers announce the result.
    var target = document.querySelector("[data-autofocus]");
    if (target) { target.focus({ preventScroll: false }); }
    // One submission per form: a double click must not send the answer twice.
    document.querySelectorAll("form[method=post]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("button[type=submit]");
        if (button) { setTimeout(function () { button.disabled = true; }, 0); }
      });
    });
  });
})();
