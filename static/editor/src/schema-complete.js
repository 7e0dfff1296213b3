// Completion from the bank's JSON Schema, without a YAML parser: the YAML path at the cursor is
// worked out from indentation alone, which also works while the text is half-typed and invalid.
//
// It offers
//   - keys: the properties of the mapping the cursor is in (top level, a quiz, a question, a
//     source), minus those already there; for a question whose `type` is set, the schema's
//     if/then rules for that type decide which keys are allowed;
//   - values: enum values after `key: ` (type, skill, difficulty, status, a verdict's answer,
//     booleans), also inside a flow list (`skills: [read-closely, `) and as block-list items.

const KEY = /^([A-Za-z_][\w-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?=[ \t]|$)/;
const WORD = /^[\w-]*$/;

// One line of YAML, as far as indentation goes.
//   indent: leading spaces; dashes: columns of the "- " markers after them; col: where the
//   content starts; key/value: for a "key: value" line (value without a trailing comment).
export function parseLine(text) {
  const m = /^( *)((?:-(?:[ \t]+|$))*)(.*)$/.exec(text);
  const indent = m[1].length;
  const dashes = [];
  const marks = m[2];
  for (let i = 0; i < marks.length; i++) if (marks[i] === "-") dashes.push(indent + i);
  const content = m[3];
  const col = indent + marks.length;
  const blank = !dashes.length && (content.trim() === "" || /^\s*#/.test(content));
  let key = null;
  let value = null;
  const k = KEY.exec(content);
  if (k) {
    key = k[1].replace(/^["']|["']$/g, "");
    value = content.slice(k[0].length).replace(/(^|\s)#.*$/, "").trim();
  }
  return { indent, dashes, col, content, blank, key, value };
}

// Turn the dashes of a line into sequence steps: the content after them is an item of the
// innermost sequence, which is an item of the one before, and so on.
function enterDashes(p, path) {
  for (let k = p.dashes.length - 1; k >= 0; k--) path.unshift("[]");
  return p.dashes[0];
}

// The YAML path (keys, "[]" for a sequence item) of the mapping whose keys start at `start.col`
// on line `idx`; `start.dashes` are the "- " markers before the key on that line. Returns null
// when the indentation does not make sense.
export function pathAt(getLine, idx, start) {
  const path = [];
  let mode = "map";
  let c = start.col;
  if (start.dashes.length) {
    c = enterDashes(start, path);
    mode = "seq";
  }
  for (let i = idx - 1; i >= 1; i--) {
    const p = parseLine(getLine(i));
    if (p.blank) continue;
    if (mode === "map") {
      if (p.col > c) continue; // deeper: a child, a block scalar, a continued string
      if (p.col === c) {
        if (p.dashes.length) {
          c = enterDashes(p, path); // "- key: v": the mapping is this sequence item
          mode = "seq";
        }
        continue; // a sibling key
      }
      // p.col < c: this line owns the mapping
      if (p.key !== null && p.value === "") {
        path.unshift(p.key);
        c = p.col;
        if (p.dashes.length) {
          c = enterDashes(p, path);
          mode = "seq";
        }
        continue;
      }
      if (p.dashes.length && p.content.trim() === "") {
        c = enterDashes(p, path); // a lone "-" with the mapping on the lines below
        mode = "seq";
        continue;
      }
      return null;
    }
    // mode "seq": looking for the key that owns a sequence whose dashes are at column c
    if (p.indent > c) continue; // inside an earlier item
    if (p.indent === c && p.dashes.length) continue; // an earlier item
    if (p.key !== null && p.value === "" && p.col <= c) {
      path.unshift(p.key);
      c = p.col;
      mode = "map";
      if (p.dashes.length) {
        c = enterDashes(p, path);
        mode = "seq";
      }
      continue;
    }
    return null;
  }
  return mode === "map" ? path : null;
}

// The keys (and their values) of the mapping at column `col` that line `idx` belongs to.
export function siblings(getLine, lineCount, idx, col, startsItem) {
  const found = {};
  if (!startsItem) {
    for (let i = idx - 1; i >= 1; i--) {
      const p = parseLine(getLine(i));
      if (p.blank) continue;
      if (p.indent < col) {
        if (p.col === col && p.dashes.length && p.key !== null) found[p.key] = p.value;
        break;
      }
      if (p.indent === col && !p.dashes.length && p.key !== null) found[p.key] = p.value;
    }
  }
  for (let i = idx + 1; i <= lineCount; i++) {
    const p = parseLine(getLine(i));
    if (p.blank) continue;
    if (p.indent < col) break;
    if (p.indent === col && !p.dashes.length && p.key !== null) found[p.key] = p.value;
  }
  return found;
}

// ---- schema -------------------------------------------------------------------------------

function deref(schema, node) {
  for (let n = 0; node && typeof node === "object" && node.$ref && n < 20; n++) {
    const ref = node.$ref;
    if (!ref.startsWith("#/")) return null;
    node = ref
      .slice(2)
      .split("/")
      .reduce((o, part) => (o ? o[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), schema);
  }
  return node && typeof node === "object" ? node : null;
}

function typeIncludes(node, t) {
  return node && (node.type === t || (Array.isArray(node.type) && node.type.includes(t)));
}

function matchesIf(cond, values) {
  if (!cond || typeof cond !== "object") return false;
  for (const k of cond.required || []) if (!(k in values)) return false;
  for (const [k, sub] of Object.entries(cond.properties || {})) {
    if (!(k in values)) continue;
    if (sub && "const" in sub && String(sub.const) !== unquote(values[k])) return false;
  }
  return true;
}

function unquote(v) {
  return v == null ? v : String(v).replace(/^(["'])(.*)\1$/, "$2");
}

// The properties allowed in a mapping of this schema, given the keys already present: the
// if/then rules (a question's type, a quiz's explicit list) add, narrow or forbid keys.
export function effectiveProperties(schema, node, values) {
  node = deref(schema, node);
  if (!node) return null;
  const props = { ...(node.properties || {}) };
  const required = new Set(node.required || []);
  const rules = [...(node.allOf || []), node];
  for (const rule of rules) {
    if (!rule || !rule.if || !matchesIf(rule.if, values)) continue;
    const then = rule.then || {};
    for (const [k, sub] of Object.entries(then.properties || {})) {
      if (sub === false) delete props[k];
      else if (k in props) props[k] = { ...deref(schema, props[k]), ...sub };
      else props[k] = sub;
    }
    for (const k of then.required || []) required.add(k);
  }
  return { props, required };
}

export function resolvePath(schema, path) {
  let node = deref(schema, schema);
  for (const seg of path) {
    if (!node) return null;
    if (seg === "[]") node = deref(schema, node.items);
    else node = deref(schema, (node.properties || {})[seg]);
  }
  return node;
}

// Enum-like values of a property schema, with their descriptions when the schema has them.
export function valuesOf(schema, node) {
  node = deref(schema, node);
  if (!node) return [];
  const out = [];
  const seen = new Set();
  const add = (v, info) => {
    const s = typeof v === "string" ? v : JSON.stringify(v);
    if (!seen.has(s)) {
      seen.add(s);
      out.push({ label: s, info });
    }
  };
  const descr = node.enumDescriptions || [];
  (node.enum || []).forEach((v, i) => add(v, descr[i]));
  if ("const" in node) add(node.const);
  for (const alt of [...(node.anyOf || []), ...(node.oneOf || [])]) {
    for (const v of valuesOf(schema, alt)) add(v.label, v.info);
  }
  (node.examples || []).forEach((v) => add(v));
  if (typeIncludes(node, "boolean")) ["true", "false"].forEach((v) => add(v));
  return out;
}

// Values in the schema's order (CodeMirror sorts equal matches by label otherwise).
function valueOptions(schema, node) {
  return valuesOf(schema, node).map((v, i) => ({ label: v.label, type: "enum", info: v.info, boost: -i }));
}

function describe(node) {
  return node && typeof node === "object" ? node.description : undefined;
}

// ---- the context at the cursor ------------------------------------------------------------

// What to complete on line `idx` (1-based) with `before`/`after` the text of that line around
// the cursor. Returns { from, options } with `from` a column, or null.
export function completeAt(schema, getLine, lineCount, idx, before, after, explicit) {
  // A value: "key: wor", "key: [a, wor", "- wor"
  let m = /^( *)((?:-[ \t]+)*)([A-Za-z_][\w-]*)[ \t]*:[ \t]+(\[(?:[^\]]*,)?[ \t]*)?([\w-]*)$/.exec(before);
  if (m) {
    const start = parseLine(before);
    const path = pathAt(getLine, idx, start);
    if (!path) return null;
    const values = siblings(getLine, lineCount, idx, start.col, start.dashes.length > 0);
    const eff = effectiveProperties(schema, resolvePath(schema, path), values);
    if (!eff) return null;
    let prop = deref(schema, eff.props[m[3]]);
    if (m[4] !== undefined) prop = prop && deref(schema, prop.items);
    const options = valueOptions(schema, prop);
    if (!options.length) return null;
    return { from: before.length - m[5].length, options, validFor: WORD };
  }

  // A key: "wor", "- wor", "  wor"
  m = /^( *)((?:-[ \t]+)*)([A-Za-z_][\w-]*)?$/.exec(before);
  if (!m) return null;
  const word = m[3] || "";
  if (!word && !explicit && !m[2]) return null;
  const start = parseLine(before);
  const col = m[1].length + m[2].length;
  const path = pathAt(getLine, idx, { col, dashes: start.dashes });
  if (!path) return null;
  const node = resolvePath(schema, path);
  if (!node) return null;
  const from = before.length - word.length;

  // A block-list item that is a scalar: offer its enum values ("skills:\n  - read-closely").
  if (!node.properties && !node.allOf) {
    if (!start.dashes.length) return null;
    const options = valueOptions(schema, node);
    return options.length ? { from, options, validFor: WORD } : null;
  }
  if (!word && !explicit) return null;

  const values = siblings(getLine, lineCount, idx, col, start.dashes.length > 0);
  const eff = effectiveProperties(schema, node, values);
  if (!eff) return null;
  const hasColon = /^[\w-]*[ \t]*:/.test(after);
  const options = [];
  let rank = 0;
  for (const [key, raw] of Object.entries(eff.props)) {
    if (key in values) continue;
    const prop = deref(schema, raw);
    const required = eff.required.has(key);
    let apply = key + ": ";
    let block = false;
    let wantsValue = false;
    if (!hasColon) {
      const items = prop && deref(schema, prop.items);
      if (typeIncludes(prop, "array") && items && (items.properties || typeIncludes(items, "object"))) {
        apply = key + ":\n" + " ".repeat(col + 2) + "- ";
        block = true;
      } else if (typeIncludes(prop, "object")) {
        apply = key + ":\n" + " ".repeat(col + 2);
        block = true;
      } else {
        wantsValue = valuesOf(schema, prop).length > 0;
      }
    } else {
      apply = key;
    }
    options.push({
      label: key,
      type: "property",
      detail: required ? "required" : undefined,
      info: describe(prop),
      boost: (required ? 40 : 0) - Math.min(rank++, 39), // required first, then schema order
      apply,
      block,
      wantsValue,
    });
  }
  return options.length ? { from, options, validFor: WORD } : null;
}
