// ESLint: TypeScript strict rules, React hooks, and the layering of the source tree:
// core ← protocol ← session ← worker; features use protocol, kit and the tf-free core
// (never its tf engine); features never import each other; shell composes. No import cycles.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FEATURES = ['train', 'prune', 'science', 'inspect', 'share', 'teaching', 'compress'];
const layer = (name) => `./src/${name}`;
const ALL = ['core', 'protocol', 'session', 'worker', 'features', 'shell', 'kit'];
/** Which layers each layer may not import (everything not listed is allowed). */
const FORBIDDEN = {
  core: ALL.filter((l) => l !== 'core'),
  protocol: ['session', 'worker', 'features', 'shell', 'kit'],
  session: ['worker', 'features', 'shell', 'kit'],
  worker: ['features', 'shell', 'kit'],
  kit: ['protocol', 'session', 'worker', 'features', 'shell'],
  features: ['session', 'worker', 'shell'],
};
/**
 * The tf engine inside core: tensors, training, the models as tfjs graphs, the lab's runs.
 * The UI reaches it only through the worker; the rest of core is the tf-free domain it may
 * import (method, weights, criteria, model descriptions, masks and views, sizes, result
 * types). backend/ and compress/ hold both: the structure check follows their imports.
 */
const ENGINE = ['train', 'nets', 'lab', 'testing'].map((f) => `./src/core/${f}`);
const zones = [
  {
    target: ['features', 'kit', 'shell', 'protocol'].map(layer),
    from: ENGINE,
    message: 'The UI and the protocol never import the tf engine (src/core/train, nets, lab, testing), not even its types: result shapes live in the domain (src/core/results).',
  },
  ...Object.entries(FORBIDDEN).map(([target, from]) => ({
    target: layer(target),
    from: from.map(layer),
    message: `src/${target} may not import ${from.map((f) => `src/${f}`).join(', ')}.`,
  })),
  ...FEATURES.map((f) => ({
    target: `./src/features/${f}`,
    from: './src/features',
    except: [`./${f}`],
    message: 'Features never import each other: share through src/kit, src/protocol or props from src/shell.',
  })),
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public/data', 'test-results', 'playwright-report', 'bench-results', '*.tmp.mjs', 'scripts/gpu/dist', 'src/core/backend/wasm/kernels/build'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.node.json' })] },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    files: ['src/**/*.tsx', 'src/features/**/*.ts', 'src/shell/**/*.ts', 'src/kit/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['src/core/**/*.ts', 'src/session/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react-dom/*', 'react/*', 'recharts'], message: 'The core, session and protocol are framework-free: no React or UI libraries.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'document', message: 'This code runs in a Web Worker and in Node: no DOM.' },
        { name: 'window', message: 'This code runs in a Web Worker and in Node: no DOM.' },
        { name: 'localStorage', message: 'This code runs in a Web Worker and in Node: no DOM.' },
      ],
    },
  },
  {
    files: ['src/features/**/*.{ts,tsx}', 'src/shell/**/*.{ts,tsx}', 'src/kit/**/*.{ts,tsx}', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'Tensors never reach the UI: talk to the worker through src/protocol.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs,js}', '*.config.{ts,js}', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
