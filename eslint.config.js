import { builtinModules } from "node:module";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "functions/lib/", "web/dist/", ".cache/", "**/*.d.ts", "**/*.d.mts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-floating-promises": "off",
    },
  },
  {
    // @firecall/model runs in browsers and in Node: neither side's own globals or modules.
    files: ["model/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["window", "document", "navigator", "localStorage", "sessionStorage", "location", "self"]
          .concat(["process", "Buffer", "require", "module", "__dirname", "__filename", "global", "setImmediate"])
          .map((name) => ({ name, message: "@firecall/model must run in browsers and in Node alike." })),
      ],
      "no-restricted-imports": [
        "error",
        { paths: builtinModules, patterns: [{ group: ["node:*"], message: "@firecall/model must not use Node." }] },
      ],
    },
  },
  {
    files: ["scripts/**/*.mjs", "*.js"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        URL: "readonly",
        fetch: "readonly",
      },
    },
  },
);
