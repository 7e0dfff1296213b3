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
    askFromSelection();
  });

  // "Make a question from this": text selected in a bank's article (by mouse, touch or keyboard)
  // becomes a link to the question form with the selection's offsets in the article's text. The
  // server computes the anchor from them. Without this script, the list of sentences does the same.
  function askFromSelection() {
    var article = document.querySelector("[data-ask]");
    var bar = document.getElementById("ask-bar");
    if (!article || !bar) { return; }
    var link = bar.querySelector("a");
    var shownText = bar.querySelector(".ask-selected");
    var said = document.getElementById("ask-said");
    function offset(node, within) {
      var p = (node.nodeType === 1 ? node : node.parentNode).closest("[data-start]");
      if (!p || !article.contains(p)) { return null; }
      // Offsets are counted in characters (code points), as the server counts them, not in UTF-16 units.
      var length = function (s) { return Array.from(s).length; };
      var total = 0;
      var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      var text;
      if (node.nodeType === 1) {  // an offset among the element's children: count the text before that child
        var stop = node.childNodes[within] || null;
        while ((text = walker.nextNode())) {
          if (stop && (stop === text || stop.contains(text) || (stop.compareDocumentPosition(text) & 2) === 0)) { break; }
          total += length(text.data);
        }
      } else {
        while ((text = walker.nextNode()) && text !== node) { total += length(text.data); }
        total += length(node.data.slice(0, within));
      }
      return Number(p.getAttribute("data-start")) + total;
    }
    var timer = null;
    document.addEventListener("selectionchange", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var selection = window.getSelection();
        if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
        var range = selection.getRangeAt(0);
        var start = offset(range.startContainer, range.startOffset);
        var end = offset(range.endContainer, range.endOffset);
        if (start === null || end === null || end <= start) { return; }
        link.href = article.getAttribute("data-ask") + "?start=" + start + "&end=" + end;
        bar.hidden = false;
        var words = selection.toString().replace(/\s+/g, " ").trim();
        shownText.textContent = "Selected: “" + (words.length > 80 ? words.slice(0, 77) + "…" : words) + "”";
        if (said) { said.textContent = shownText.textContent + ". “Make a question from this” is at the bottom of the page."; }
      }, 200);
    });
  }
})();
