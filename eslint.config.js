// ESLint's flat configuration: the browser ES modules in static/js and the Node tests.
import js from "@eslint/js";
import globals from "globals";

const PURE_MODULES = ["static/js/lib/offline.js", "static/js/lib/polling.js"];

export default [
  { ignores: ["static/vendor/**", "node_modules/**", ".venv/**", "instance/**"] },
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    ignores: PURE_MODULES,
    languageOptions: { sourceType: "module", globals: { ...globals.browser } },
  },
  {
    // The pure modules know no browser: a window, document, fetch or storage there fails lint.
    files: PURE_MODULES,
    languageOptions: { sourceType: "module", globals: {} },
  },
  {
    files: ["tests/js/**/*.{js,mjs}", "eslint.config.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
