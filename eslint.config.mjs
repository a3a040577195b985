// ESLint flat config: typescript-eslint's type-checked rules over the TypeScript sources.
// Formatting is Prettier's job (.prettierrc.json), so no stylistic rules are enabled here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'bench/results/', 'schema/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // GraphQL object types expose `static from(record)` factories that never touch `this`;
      // passing them as mappers (`loadMany(loader, ids, Volume.from)`) is the intended use.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      // Port implementations that happen to be synchronous (fakes, the simulator, Apollo plugin hooks,
      // which Apollo types as Promise-returning) are `async` on purpose: a throw becomes a rejection,
      // as callers of a Promise-returning interface expect. Floating and misused promises stay errors.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed names are deliberately unused (positional parameters an interface requires).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // The naive-DataLoader baseline replaces `dataloader` in the require cache, so these modules must be
    // loaded with require() after the patch; a static import would load the real DataLoader first.
    files: ['bench/servers/naive-dataloader.ts', 'bench/servers/server-process.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests, the chaos run and the benchmarks read GraphQL/HTTP JSON answers whose shape the
    // assertions themselves check (`data.vm.volumes.edges[0]...`); typing every answer would
    // restate the schema in each test. The production code in src/ keeps these rules on.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
