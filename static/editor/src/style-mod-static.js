// A stand-in for the `style-mod` package, which CodeMirror uses to put its CSS into the page.
//
// The real StyleModule.mount() adds a <style> element, which the site's Content-Security-Policy
// (style-src 'self', no 'unsafe-inline', no nonce) blocks. Here mount() does nothing: build.mjs
// runs the built bundle once in Node, collects the rules of every StyleModule the editor mounts,
// in the order CodeMirror would mount them, and writes them to static/editor.css, a plain
// same-origin stylesheet. Class names come from a counter, so they are the same in
// that run and in the browser because it is the very same bundle. Names come from this module's
// own counter ("cmq1", "cmq2", ...), not style-mod's page-wide one, so other scripts on the page
// cannot shift them.
//
// __CM_STYLE_SINK__ is only defined by build.mjs (and by the test page); in a normal page it is
// undefined and this module records nothing.
import { StyleModule as RealStyleModule } from "style-mod"; // build.mjs points this at the real package

function sink() {
  return typeof __CM_STYLE_SINK__ != "undefined" ? __CM_STYLE_SINK__ : null;
}

let nextName = 1;

export class StyleModule extends RealStyleModule {
  static newName() {
    return "cmq" + (nextName++).toString(36);
  }

  constructor(spec, options) {
    super(spec, options);
    const s = sink();
    if (s) (s.created || (s.created = [])).push(this);
  }

  static mount(root, modules) {
    const s = sink();
    if (s) s.mounted = (Array.isArray(modules) ? modules : [modules]).map((m) => m.getRules());
  }
}
