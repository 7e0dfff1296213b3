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

  // The countdown runs from the seconds the server gave, against the page's own clock (so a slow
  // tab does not drift). A frozen one (the session is paused or closed) stands still, and its
  // form cannot be sent. At 0 the answer form locks; the server still allows its grace for an
  // answer already on its way.
  function countdown() {
    if (timer) { clearInterval(timer); timer = null; }
    var el = panel.querySelector("[data-remaining]");
    if (!el) { return; }
    var form = panel.querySelector("form.answer");
    var send = form && form.querySelector("button[type=submit]");
    if (el.hasAttribute("data-frozen")) {
      if (send) { send.disabled = true; }
      return;
    }
    var deadline = Date.now() + parseFloat(el.getAttribute("data-remaining")) * 1000;
    function tick() {
      var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      el.textContent = String(left);
      if (left === 0) {
        clearInterval(timer);
        timer = null;
        lock(form);
      }
    }
    tick();
    if (timer === null && Math.ceil((deadline - Date.now()) / 1000) > 0) { timer = setInterval(tick, 250); }
  }

  function lock(form) {
    if (!form || form.hasAttribute("data-locked")) { return; }
    form.setAttribute("data-locked", "");
    var hadFocus = form.contains(document.activeElement);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type !== "hidden") { el.disabled = true; }
    });
    var note = form.querySelector("[data-time-up]");
    if (note) {
      note.hidden = false;
      note.setAttribute("tabindex", "-1");
      if (hadFocus) { note.focus(); }
      var status = document.getElementById("live-status");
      if (status) { status.textContent = note.textContent.trim(); }
    }
  }

  // A selector for the focused control in the panel, so a redraw (a student joined, an answer
  // came in) does not throw the keyboard focus of the teacher's "Reveal" button back to the page.
  function focusedSelector() {
    var el = document.activeElement;
    if (!el || el === panel || !panel.contains(el)) { return null; }
    if (el.id) { return "#" + CSS.escape(el.id); }
    if (el.name) {
      return el.tagName.toLowerCase() + "[name=\"" + CSS.escape(el.name) + "\"][value=\"" + CSS.escape(el.value) + "\"]";
    }
    if (el.getAttribute("href")) { return "a[href=\"" + CSS.escape(el.getAttribute("href")) + "\"]"; }
    return null;
  }

  // What the student has chosen so far, kept across a redraw of the same question (the teacher
  // paused or resumed the session while they were answering).
  function answerState() {
    var form = panel.querySelector("form.answer");
    if (!form || !form.elements.index) { return null; }
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      fields.push({ name: el.name, value: el.value, checked: el.checked, box: el.type === "radio" || el.type === "checkbox" });
    });
    return { index: form.elements.index.value, fields: fields };
  }

  function restoreAnswer(saved) {
    var form = panel.querySelector("form.answer");
    if (!saved || !form || !form.elements.index || form.elements.index.value !== saved.index) { return; }
    Array.prototype.forEach.call(form.elements, function (el) {
      saved.fields.forEach(function (f) {
        if (f.name !== el.name) { return; }
        if (f.box && el.value === f.value) { el.checked = f.checked; }
        if (!f.box && el.type !== "radio" && el.type !== "checkbox") { el.value = f.value; }
      });
    });
  }

  // What the panel shows, as far as focus is concerned: its heading to focus, if any.
  function viewKey() {
    var el = panel.querySelector("[data-autofocus]");
    return el ? el.id + "|" + el.textContent : "";
  }

  function redraw() {
    return fetch(partialUrl, { credentials: "same-origin", cache: "no-store" })
      // 410: the teacher removed this player; the page says so.
      .then(function (r) { return r.ok || r.status === 410 ? r.text() : null; })
      .then(draw);
  }

  // Put the server's panel in place of the current one.
  function draw(html) {
    if (html === null) { return; }
    var focused = focusedSelector();
    var answer = answerState();
    var before = viewKey();
    var opened = Array.prototype.map.call(panel.querySelectorAll("details"), function (d) { return d.open; });
    panel.innerHTML = html;
    countdown();
    // The same view redrawn (new counts, a pause): keep the answer, the focus and the folds the
    // reader opened (the projector's passages) where they were. A new view (the next phase):
    // focus its heading, so it is read out and Tab starts there.
    var target;
    if (viewKey() === before) {
      restoreAnswer(answer);
      Array.prototype.forEach.call(panel.querySelectorAll("details"), function (d, i) {
        if (opened[i]) { d.open = true; }
      });
      target = focused && panel.querySelector(focused);
    } else {
      target = panel.querySelector("[data-autofocus]");
      // Announce the new phase once, briefly (not the whole panel at every redraw).
      var status = document.getElementById("live-status");
      var heading = panel.querySelector("h1, h2");
      if (status && heading) { status.textContent = heading.textContent.trim(); }
    }
    // An answer that was not taken: focus the message, so it is read out and the choices follow it.
    var problem = panel.querySelector("#form-error");
    if (problem) { problem.setAttribute("tabindex", "-1"); target = problem; }
    if (target) { target.focus(); }
  }

  // A phone's answer goes by fetch, and the reply is its panel as it now stands (the answer
  // recorded, or why not): no page load, so the focus and the announcements work as for a redraw,
  // and the server is spared following a redirect. If the request fails, the form is sent as usual.
  // While an answer is on its way, a poll's panel (drawn before the answer was stored) is not
  // shown: the answer's own reply is, and then the panel is fetched again if the state moved on.
  var sending = false;
  var sends = 0;
  var stale = false;
  if (!panel.classList.contains("projector") && window.FormData) {
    panel.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("answer")) { return; }
      event.preventDefault();
      if (sending) { return; }
      sending = true;
      var data = new FormData(form);
      var send = form.querySelector("button[type=submit]");
      if (send) { send.disabled = true; }
      function done() {
        sending = false;
        sends += 1;
        if (stale) { stale = false; redraw(); }
      }
      fetch(partialUrl, { method: "POST", body: data, credentials: "same-origin" })
        // 422: not taken (time is up, a missing choice), and the panel says why; 410: removed.
        .then(function (r) { return r.ok || r.status === 422 || r.status === 410 ? r.text() : Promise.reject(r); })
        .then(function (html) { draw(html); done(); }, function () {
          // Not sent, or no reply: send the form the ordinary way (the first answer stands).
          sending = false;
          stale = false;
          if (panel.contains(form)) { form.submit(); } else { redraw(); }
        });
    });
  }

  var stopped = false;

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    var mark = sends;
    fetch(stateUrl, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (r) {
        if (r.status === 304) { return false; }
        if (r.status === 410) { stopped = true; return true; }  // removed: show it once, then stop
        if (!r.ok) { return false; }
        var changed = r.headers.get("ETag") !== etag;
        etag = r.headers.get("ETag");
        // A phone's new state comes with its panel; the projector fetches its own.
        return changed && r.json().then(function (state) { return state.panel === undefined ? true : state; });
      })
      .then(function (changed) {
        if (!changed) { return null; }
        if (sending) { stale = true; return null; }  // drawn once the answer's reply is in
        if (changed === true || mark !== sends) { return redraw(); }  // an answer went meanwhile
        return draw(changed.panel);
      })
      .catch(function () { /* offline for a moment: try again */ })
      .then(function () { if (!stopped) { setTimeout(poll, 1000); } });
  }

  // The projector: its controls act without leaving the page (so the browser's full screen, which a
  // page load would end, holds), and "Full screen" asks the browser for it as well as hiding the menu.
  if (panel.classList.contains("projector")) {
    panel.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("controls") || !window.FormData) { return; }
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
      // "manual": the redirect is not followed, so its page's flash message is left for the redraw.
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin", redirect: "manual" })
        .then(redraw, redraw)
        .then(function () { afterAction(form); }, function () { afterAction(form); });
    });
    panel.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("[data-fullscreen]");
      var root = document.documentElement;
      if (!link || !root.requestFullscreen) { return; }
      var on = link.getAttribute("data-fullscreen") === "on";
      // Leaving a full-screen view the server drew (no menu in the page): let the link load it back.
      if (!on && !document.fullscreenElement && !document.body.classList.contains("projector-full")) { return; }
      event.preventDefault();
      if (on) {
        root.requestFullscreen().catch(function () { /* refused: the menu is hidden all the same */ });
        setFull(true);
      } else if (document.fullscreenElement) {
        document.exitFullscreen();  // fullscreenchange then shows the menu again
      } else {
        setFull(false);
      }
    });
    document.addEventListener("fullscreenchange", function () {
      if (!document.fullscreenElement && document.body.classList.contains("projector-full")) { setFull(false); }
    });
  }

  // After a control acted: keyboard focus on the next step's button, and the new phase read out.
  // If nothing was redrawn (offline, an error), the same buttons work again and a reload is offered.
  function afterAction(form) {
    var status = document.getElementById("live-status");
    if (panel.contains(form)) {
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = false; });
      if (status) { status.textContent = "That did not go through; try again, or reload the page."; }
      return;
    }
    var next = panel.querySelector(".controls-bar .primary") || panel.querySelector(".controls-bar button, .controls-bar a");
    if (next) { next.focus(); }
    var heading = panel.querySelector(".flash") || panel.querySelector("h2");
    if (status && heading) { status.textContent = heading.textContent.trim(); }
  }

  function setFull(on) {
    document.body.classList.toggle("projector-full", on);
    panel.classList.toggle("full-screen", on);
    partialUrl = partialUrl.replace(/&screen=full/, "") + (on ? "&screen=full" : "");
    redraw();
  }

  countdown();
  poll();
})();
