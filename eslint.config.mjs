// ESLint flat config. Besides typescript-eslint's recommended rules it
// enforces the layering in docs/architecture.md:
//  - only src/extension.ts and src/ui/ may import `vscode`;
//  - only src/providers/ may import a cloud SDK (the sandbox serves the wire
//    APIs and never needs one).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const CLOUD_SDKS = [
  '@aws-sdk/*',
  '@smithy/*',
  '@google-cloud/*',
  'google-gax',
  '@azure/*',
  '@azure-rest/*',
];

const noVscode = {
  name: 'vscode',
  message: 'Only src/extension.ts and src/ui/ may import vscode (see docs/architecture.md).',
};
const noSdkPatterns = [
  {
    group: CLOUD_SDKS,
    message: 'Cloud SDKs load lazily and only inside src/providers/ (see docs/architecture.md).',
  },
];

// Outside src/providers/, a cloud's adapter (providers/<cloud>/index.ts and its helpers) is
// reached through the loader only; a runtime import would pull its SDK into the importing bundle.
// Its SDK-free descriptor, the registry, the loader and the provider interface are free to import.
const adapterOnlyThroughLoader = {
  patterns: [
    {
      regex:
        '(^|/)providers/(?!(registry|descriptor|provider|loader)$)[^/]+(/(?!descriptor$)[^/]+)?$',
      allowTypeImports: true,
      message:
        'Load a cloud adapter through the loader (src/providers/loader.ts); outside src/providers/ import only its types, its descriptor or the registry (see docs/architecture.md).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Everything under src/ except extension.ts, ui/ and providers/: neither vscode nor SDKs.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/extension.ts', 'src/ui/**', 'src/providers/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: noSdkPatterns }],
    },
  },
  // extension.ts and ui/: vscode yes, SDKs no.
  {
    files: ['src/extension.ts', 'src/ui/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: noSdkPatterns }] },
  },
  // providers/: SDKs yes, vscode no.
  {
    files: ['src/providers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/**/*.ts', 'webviews/**/*.ts'],
    ignores: ['src/providers/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', adapterOnlyThroughLoader] },
  },
  // Webviews run in the browser: no vscode module, no SDKs.
  {
    files: ['webviews/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: noSdkPatterns }] },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
  },
);
