// Shared ESLint flat config: typed rules from typescript-eslint, plus the project's own house rules.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Files allowed to read process.env: env modules parse it once, tests and test fixtures set it up. */
const ENV_READERS = ["**/env.ts", "**/env/*.ts", "**/*.test.ts", "**/testing/src/**", "src/env.ts", "**/*.config.ts"];

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/generated/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // Configuration is parsed once, in env modules, from zod fragments.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through the app's env module (packages/runtime env fragments), not process.env." },
      ],
    },
  },
  {
    files: ENV_READERS,
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
);
