// Type-aware lint: the async rules are the point (a floating promise in a stress harness hides failures).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'test-results/', 'playwright-report/', '**/testdata/**/*.js', 'bin/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Engines are the system under test: they report through return values and events, never the console,
    // and never reach up into the harness or the specs.
    files: ['engines/**/*.ts'],
    ignores: ['engines/**/*.test.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Engines return outcomes; only CLIs exit.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/harness/**', '**/e2e/**'], message: 'engines must not import the harness or the specs' },
          ],
        },
      ],
    },
  },
  {
    files: ['harness/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/e2e/**'], message: 'the harness must not import the specs' }] },
      ],
    },
  },
);
