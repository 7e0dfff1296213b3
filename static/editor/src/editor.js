// The question-bank editor: turns <textarea id="bank-yaml"> into a CodeMirror 6 YAML editor with
// line numbers, highlighting, indentation, completion from the JSON Schema and live checking.
//
// Rebuild the committed bundle after changing anything here (Node 20+):
//
//     cd static/editor && npm ci && npm run build
//
// which writes static/editor.js and static/editor.css (see static/editor/README.md). The Python
// app only serves those two files; it never needs Node.
//
// The page contract (rendered by the template; all of it but the textarea is optional):
//   <meta name="csrf-token" content="...">
//   <label for="bank-yaml">questions.yaml</label>
//   <textarea id="bank-yaml" name="text" data-check-url="..." data-schema-url="..."></textarea>
//   <ol id="bank-problems"><li><a href="#bank-yaml" data-line="12" data-col="5">12:5 error: ...</a></li></ol>
//   <script src="/static/editor.js" defer></script>
// Without JavaScript (or if editor.css cannot be loaded) the plain textarea stays and works.
import { EditorState, RangeSetBuilder } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  ViewPlugin,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  HighlightStyle,
  indentOnInput,
  indentService,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { linter, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { search, searchKeymap } from "@codemirror/search";
import { tags as t } from "@lezer/highlight";
import { completeAt } from "./schema-complete.js";

const TEXTAREA_ID = "bank-yaml";
const LIST_ID = "bank-problems";
const FILE_NAME = "questions.yaml";
const CHECK_DELAY = 600;

// Captured now: document.currentScript is only set while the script first runs.
const SCRIPT = typeof document !== "undefined" ? document.currentScript : null;

// ---- look -----------------------------------------------------------------------------------
// Every StyleModule must be created when the bundle loads (not inside a function called later),
// so that build.mjs finds its rules and puts them into editor.css.

const highlight = HighlightStyle.define([
  { tag: t.definition(t.propertyName), color: "#1e3a8a", fontWeight: "600" }, // keys
  { tag: t.string, color: "#166534" }, // "quoted"
  { tag: t.special(t.string), color: "#7c2d12" }, // | and >
  { tag: t.lineComment, color: "#52525b", fontStyle: "italic" },
  { tag: [t.separator, t.meta], color: "#6b21a8" }, // - : , and ---
  { tag: [t.labelName, t.typeName], color: "#9a3412" }, // &anchors *aliases !tags
  { tag: t.keyword, color: "#6b21a8" },
  { tag: t.invalid, color: "#b91c1c" },
]);

const theme = EditorView.theme({
  "&": {
    height: "70vh",
    minHeight: "16rem",
    maxHeight: "48rem",
    resize: "vertical",
    overflow: "hidden",
    border: "1px solid #4a4a55",
    borderRadius: ".3rem",
    backgroundColor: "#fff",
    color: "#1b1b1f",
    fontSize: "1rem",
  },
  "&.cm-focused": { outline: "3px solid #1d4ed8", outlineOffset: "2px" },
  ".cm-scroller": {
    fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
    lineHeight: "1.5",
  },
  ".cm-gutters": { backgroundColor: "#f3f4f7", color: "#4a4a55", borderRight: "1px solid #c9ccd6" },
  ".cm-activeLine": { backgroundColor: "#f5f7ff" },
  ".cm-activeLineGutter": { backgroundColor: "#e3e8fb", color: "#1b1b1f" },
  // Lint marks without the data: URI images of the default theme (the page's CSP may not allow
  // data: images): a wavy underline, a round marker for errors and a triangle for warnings.
  ".cm-lintRange": { backgroundImage: "none", paddingBottom: "0" },
  ".cm-lintRange-error": { textDecoration: "underline wavy #b91c1c", textDecorationSkipInk: "none" },
  ".cm-lintRange-warning": { textDecoration: "underline wavy #b45309", textDecorationSkipInk: "none" },
  ".cm-lintRange-info, .cm-lintRange-hint": { textDecoration: "underline dotted #1d4ed8" },
  ".cm-lint-marker": { content: "none", width: ".8em", height: ".8em", margin: ".35em .1em 0" },
  ".cm-lint-marker-error": { backgroundColor: "#b91c1c", borderRadius: "50%" },
  ".cm-lint-marker-warning": {
    backgroundColor: "#b45309",
    clipPath: "polygon(50% 0, 100% 100%, 0 100%)",
  },
  ".cm-lint-marker-info": { backgroundColor: "#1d4ed8" },
  ".cm-tooltip": { fontSize: ".95rem", maxWidth: "min(36rem, 90vw)" },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: "inherit" },
  ".cm-completionInfo": { whiteSpace: "pre-line", maxWidth: "min(24rem, 60vw)" },
  ".cm-diagnostic": { whiteSpace: "pre-wrap" },
  ".cm-panel.cm-search": { fontSize: "1rem" },
  ".cm-panel.cm-search input, .cm-panel.cm-search button": { fontSize: ".95rem" },
});

// ---- behaviour ------------------------------------------------------------------------------

// Enter after "key:" (or a block scalar header "key: |") indents one step; everything else is
// left to the YAML language (which keeps the indentation of the mapping or list item).
const yamlIndent = indentService.of((cx, pos) => {
  const line = cx.lineAt(pos, -1);
  const before = line.text.slice(0, pos - line.from).replace(/(^|\s)#.*$/, "").trimEnd();
  const m = /^( *)((?:- +)*)(?:[A-Za-z_][\w-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]*[|>][+-]?\d?)?$/.exec(before);
  if (m) return m[1].length + m[2].length + cx.unit;
  return undefined;
});

// Wrapped lines (long quotes on a phone) continue two columns right of the line's indentation
// instead of at the left edge. The per-line style is set through the CSSOM (element.style),
// which the CSP allows; only style attributes in markup and <style> elements are blocked.
const hangCache = new Map();
function hang(n) {
  let d = hangCache.get(n);
  if (!d) {
    d = Decoration.line({ attributes: { style: `text-indent:-${n}ch;padding-left:calc(${n}ch + 6px)` } });
    hangCache.set(n, d);
  }
  return d;
}
function hangingLines(view) {
  const builder = new RangeSetBuilder();
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to; ) {
      const line = view.state.doc.lineAt(pos);
      const m = /^( *)(?:- +)*/.exec(line.text);
      if (line.length) builder.add(line.from, line.from, hang(Math.min(m[0].length + 2, 40)));
      pos = line.to + 1;
    }
  }
  return builder.finish();
}
const hangingIndent = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = hangingLines(view);
    }
    update(u) {
      if (u.docChanged || u.viewportChanged) this.decorations = hangingLines(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

function schemaSource(getSchema) {
  return async (context) => {
    const schema = await getSchema();
    if (!schema || context.aborted) return null;
    const { state, pos } = context;
    const line = state.doc.lineAt(pos);
    const before = line.text.slice(0, pos - line.from);
    const after = line.text.slice(pos - line.from);
    const found = completeAt(
      schema,
      (n) => state.doc.line(n).text,
      state.doc.lines,
      line.number,
      before,
      after,
      context.explicit,
    );
    if (!found) return null;
    return { from: line.from + found.from, validFor: found.validFor, options: found.options };
  };
}

// The whole configuration. Also called by build.mjs (through the sink) to learn the order in
// which CodeMirror mounts its style modules, so it must not touch the DOM.
function extensions(opts) {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    indentOnInput(),
    indentUnit.of("  "),
    EditorState.tabSize.of(2),
    yaml(),
    yamlIndent,
    syntaxHighlighting(highlight),
    highlightActiveLine(),
    EditorView.lineWrapping,
    hangingIndent,
    search({ top: true }),
    linter(null),
    lintGutter(),
    autocompletion({
      override: [schemaSource(opts.getSchema)],
      // After a key with known values ("type: "), go straight on to those values.
      activateOnCompletion: (c) => c.wantsValue === true,
    }),
    keymap.of([
      ...completionKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...lintKeymap,
      ...defaultKeymap,
      indentWithTab, // Tab indents; Escape then Tab moves focus on (CodeMirror's tab focus mode)
    ]),
    EditorView.contentAttributes.of(opts.contentAttributes),
    EditorView.domEventHandlers({
      // Typing over a selection: do the replacement ourselves, because Chromium's own would copy
      // the selected text's highlighting into an inline style that the site's CSP refuses.
      beforeinput(event, view) {
        if (event.inputType !== "insertText" || !event.data || view.state.selection.main.empty) return false;
        event.preventDefault();
        view.dispatch(view.state.replaceSelection(event.data), { userEvent: "input.type", scrollIntoView: true });
        return true;
      },
    }),
    EditorView.updateListener.of(opts.onUpdate),
    theme,
  ];
}

// ---- problems -------------------------------------------------------------------------------

function severityOf(s) {
  return s === "error" || s === "warning" ? s : "info";
}

function isThisFile(p) {
  if (p.file == null || p.file === "") return true;
  const f = String(p.file);
  return f === FILE_NAME || f.endsWith("/" + FILE_NAME);
}

function hasLine(p) {
  return Number.isInteger(p.line) && p.line >= 1 && isThisFile(p);
}

function toDiagnostic(doc, p) {
  const line = doc.line(Math.min(p.line, doc.lines));
  const text = line.text;
  const first = text.length - text.trimStart().length;
  let col = Number.isInteger(p.col) && p.col >= 1 ? Math.min(p.col - 1, text.length) : first;
  let end = text.trimEnd().length;
  if (col >= end) col = Math.min(first, end);
  if (end < col) end = col;
  return {
    from: line.from + col,
    to: line.from + end,
    severity: severityOf(p.severity),
    message: String(p.message || ""),
    source: "quiz check",
  };
}

function summary(problems) {
  const n = { error: 0, warning: 0, info: 0 };
  for (const p of problems) n[severityOf(p.severity)]++;
  const parts = [];
  if (n.error) parts.push(n.error + (n.error === 1 ? " error" : " errors"));
  if (n.warning) parts.push(n.warning + (n.warning === 1 ? " warning" : " warnings"));
  if (n.info) parts.push(n.info + (n.info === 1 ? " note" : " notes"));
  return parts.length ? parts.join(", ") : "No problems found";
}

function problemItem(p) {
  const li = document.createElement("li");
  const sev = severityOf(p.severity);
  li.className = "bank-problem bank-problem-" + sev;
  if (hasLine(p)) {
    const a = document.createElement("a");
    a.href = "#" + TEXTAREA_ID;
    a.dataset.line = String(p.line);
    if (Number.isInteger(p.col) && p.col >= 1) a.dataset.col = String(p.col);
    a.textContent = p.line + (a.dataset.col ? ":" + p.col : "") + " " + sev + ": " + p.message;
    li.append(a);
  } else {
    let where = p.file && !isThisFile(p) ? String(p.file) : "";
    if (where && Number.isInteger(p.line)) where += ":" + p.line + (Number.isInteger(p.col) ? ":" + p.col : "");
    li.textContent = (where ? where + ": " : "") + sev + ": " + p.message;
  }
  return li;
}

// Problems as the server rendered them, so the marks are there before the first check.
function problemsFromList(list) {
  const out = [];
  for (const li of list.querySelectorAll("li")) {
    const a = li.querySelector("a[data-line]");
    const text = (li.textContent || "").trim();
    const sev = (a && a.dataset.severity) || li.dataset.severity || (/\b(error|warning)\b/.exec(text) || [])[1];
    const message = text.replace(/^.*?\b(?:error|warning|note|info):\s*/, "");
    const p = { severity: sev || "info", message, line: null, col: null };
    if (a) {
      p.line = parseInt(a.dataset.line, 10) || null;
      p.col = parseInt(a.dataset.col, 10) || null;
    }
    out.push(p);
  }
  return out;
}

// ---- setup ----------------------------------------------------------------------------------

function editorCss() {
  return new Promise((resolve) => {
    let link = Array.from(document.querySelectorAll('link[rel~="stylesheet"]')).find((l) =>
      /(^|\/)editor\.css$/.test(new URL(l.href, location.href).pathname),
    );
    if (link && link.sheet) return resolve(true);
    if (!link) {
      if (!SCRIPT || !SCRIPT.src) return resolve(false);
      link = document.createElement("link");
      link.rel = "stylesheet";
      // Same folder and same query (a cache-busting ?v=...) as the script.
      link.href = new URL("editor.css" + new URL(SCRIPT.src).search, SCRIPT.src).href;
      document.head.append(link);
    }
    const timer = setTimeout(() => resolve(Boolean(link.sheet)), 8000);
    link.addEventListener("load", () => (clearTimeout(timer), resolve(true)));
    link.addEventListener("error", () => (clearTimeout(timer), resolve(false)));
  });
}

function position(text, line, col) {
  // Offset of 1-based line/col in a string (for the plain textarea).
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf("\n", at);
    if (next < 0) break;
    at = next + 1;
  }
  const end = text.indexOf("\n", at);
  const len = (end < 0 ? text.length : end) - at;
  return at + Math.max(0, Math.min((col || 1) - 1, len));
}

let goTo = (line, col) => {
  // Until (or unless) the editor is up: select the spot in the textarea.
  const ta = document.getElementById(TEXTAREA_ID);
  if (!ta || ta.hidden) return false;
  const at = position(ta.value, line, col);
  ta.focus();
  ta.setSelectionRange(at, at);
  return true;
};

function onProblemClick(event) {
  const a = event.target instanceof Element && event.target.closest("a[data-line]");
  if (!a || event.button > 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const inList = a.closest("#" + LIST_ID);
  if (!inList && a.getAttribute("href") !== "#" + TEXTAREA_ID) return;
  const line = parseInt(a.dataset.line, 10);
  if (!(line >= 1)) return;
  if (goTo(line, parseInt(a.dataset.col, 10) || 1)) event.preventDefault();
}

async function enhance(ta) {
  if (!(await editorCss())) return; // keep the plain textarea
  const form = ta.form;
  const checkUrl = ta.dataset.checkUrl;
  const schemaUrl = ta.dataset.schemaUrl;
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.getAttribute("content") : "";

  // Names and descriptions: the label names the editor; a hint (read by screen readers) says
  // how to leave it with the keyboard.
  const label = document.querySelector('label[for="' + TEXTAREA_ID + '"]');
  // tabindex: the scrolling region then holds a tabbable element (axe's scrollable-region-focusable).
  const attrs = { "aria-describedby": TEXTAREA_ID + "-hint", tabindex: "0" };
  if (label) {
    if (!label.id) label.id = TEXTAREA_ID + "-label";
    attrs["aria-labelledby"] = label.id;
  } else {
    attrs["aria-label"] = ta.getAttribute("aria-label") || FILE_NAME;
  }
  const described = ta.getAttribute("aria-describedby");
  if (described) attrs["aria-describedby"] += " " + described;

  const hint = document.createElement("p");
  hint.id = TEXTAREA_ID + "-hint";
  hint.className = "bank-editor-hint visually-hidden";
  hint.textContent =
    "YAML editor. Tab indents the line and Shift+Tab outdents it. To move focus out of the editor " +
    "with the keyboard, press Escape and then Tab or Shift+Tab. Control+Space lists the keys allowed " +
    "at the cursor. Control+F (Command+F on a Mac) searches. F8 goes to the next problem.";

  // Where check results go: a polite status line and the list of problems.
  let list = document.getElementById(LIST_ID);
  const seeded = list ? problemsFromList(list) : [];
  if (!list) {
    list = document.createElement("ol");
    list.id = LIST_ID;
    list.hidden = true;
    (form || ta).after(list);
  }
  list.classList.add("bank-problems");
  const status = document.createElement("p");
  status.id = LIST_ID + "-status";
  status.className = "bank-problems-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  if (seeded.length) status.textContent = summary(seeded);
  list.before(status);
  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  let schema = null;
  const getSchema = () => {
    if (!schema) {
      schema = !schemaUrl
        ? Promise.resolve(null)
        : fetch(schemaUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then((r) => (r.ok ? r.json() : null))
            .catch(() => null);
    }
    return schema;
  };

  let timer = 0;
  let inflight = null;
  let generation = 0;

  function show(problems, doc) {
    list.replaceChildren(...problems.map(problemItem));
    list.hidden = problems.length === 0;
    say(summary(problems));
    const diagnostics = problems.filter(hasLine).map((p) => toDiagnostic(doc, p));
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }

  async function check() {
    const doc = view.state.doc;
    const mine = ++generation;
    if (inflight) inflight.abort();
    inflight = typeof AbortController !== "undefined" ? new AbortController() : null;
    try {
      const response = await fetch(checkUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ text: doc.toString() }),
        signal: inflight ? inflight.signal : undefined,
      });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const data = await response.json();
      if (!data || !Array.isArray(data.problems)) throw new Error("bad response");
      // A newer check is on its way, or the text changed meanwhile (and a new check is due).
      if (mine !== generation || view.state.doc !== doc) return;
      show(data.problems, doc);
    } catch (e) {
      if (mine === generation && !(e && e.name === "AbortError")) say("Could not check just now.");
    }
  }

  const view = new EditorView({
    state: EditorState.create({
      doc: ta.value,
      extensions: extensions({
        getSchema,
        contentAttributes: attrs,
        onUpdate(update) {
          if (!update.docChanged) return;
          ta.value = update.state.doc.toString();
          if (checkUrl) {
            clearTimeout(timer);
            timer = setTimeout(check, CHECK_DELAY);
          }
        },
      }),
    }),
  });

  const wrapper = document.createElement("div");
  wrapper.className = "bank-editor";
  wrapper.append(view.dom, hint);
  ta.after(wrapper);
  ta.hidden = true;
  ta.style.display = "none"; // CSSOM, allowed by the CSP (unlike a style attribute)

  if (seeded.length) {
    const diagnostics = seeded.filter(hasLine).map((p) => toDiagnostic(view.state.doc, p));
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }

  goTo = (line, col) => {
    const doc = view.state.doc;
    const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
    const pos = l.from + Math.max(0, Math.min((col || 1) - 1, l.length));
    view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
    view.focus();
    return true;
  };

  if (label) label.addEventListener("click", (e) => (e.preventDefault(), view.focus()));
  ta.addEventListener("invalid", () => view.focus());
  if (form) form.addEventListener("submit", () => (ta.value = view.state.doc.toString()), true);
  if (schemaUrl) getSchema();
}

function start() {
  document.addEventListener("click", onProblemClick);
  const ta = document.getElementById(TEXTAREA_ID);
  if (ta instanceof HTMLTextAreaElement) enhance(ta);
}

if (typeof __CM_STYLE_SINK__ !== "undefined") {
  // build.mjs: record the style modules in the order an editor with this configuration mounts
  // them (its own base theme first, then the extensions' from lowest to highest precedence).
  const sinkState = EditorState.create({
    extensions: extensions({ getSchema: () => null, contentAttributes: {}, onUpdate() {} }),
  });
  __CM_STYLE_SINK__.facet = sinkState.facet(EditorView.styleModule);
}
if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
