import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Import boundaries from DESIGN.md §2: the core (nodes/, lib/ except lib/runtime and
// lib/store) knows nothing of React or tfjs; the compiler never reaches the runtime;
// Node-only modules stay out of everything the browser bundles.
const REACT = ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/react', 'zustand', 'zustand/*', 'next', 'next/*'];
const TFJS = ['@tensorflow/*', 'webgpu'];
const NODE_ONLY = ['fs', 'fs/*', 'node:*', 'path', 'child_process', 'os'];

const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: [...new Set(groups)], message }] }],
});

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // `const { a: _a, ...rest } = x` drops a field on purpose.
    rules: { '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }] },
  },
  {
    ignores: ['.next/**', 'node_modules/**', 'public/**', 'scratch/**', 'next-env.d.ts', 'coverage/**'],
  },
  {
    files: ['nodes/**/*.ts', 'lib/graph/**/*.ts', 'lib/catalog/**/*.ts'],
    rules: restrict(
      [...REACT, ...TFJS, ...NODE_ONLY, '**/runtime/**', '**/store/**', '**/components/**'],
      'nodes/ and lib/ are the pure core: no React, no tfjs, no Node-only modules (DESIGN §2).',
    ),
  },
  {
    files: ['lib/compiler/**/*.ts'],
    rules: restrict(
      [...REACT, ...TFJS, ...NODE_ONLY, '**/runtime/**', '**/store/**', '**/components/**'],
      'lib/compiler is pure: it never imports React, tfjs or the runtime (DESIGN §2).',
    ),
  },
  {
    files: ['lib/store/**/*.ts', 'components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...TFJS, ...NODE_ONLY, '**/runtime/node/**'], message: 'The UI talks to the runtime only through the store and worker messages (DESIGN §2).' },
          {
            // Values come from the worker's client only (no tfjs in the page's bundle); types from anywhere in the runtime.
            regex: '(^|/)runtime/(?!(browser/client|backend-choices)$)',
            allowTypeImports: true,
            message: 'The UI reaches the runtime through lib/runtime/browser/client (the training worker); import runtime types with `import type`.',
          },
        ],
      }],
    },
  },
  {
    files: ['lib/runtime/**/*.ts'],
    ignores: ['lib/runtime/node/**'],
    rules: restrict(
      [...NODE_ONLY, 'webgpu', 'react', 'react-dom', '@xyflow/react', '**/runtime/node/**'],
      'Browser-reachable runtime code must not import Node-only modules; put them in lib/runtime/node/.',
    ),
  },
];

export default config;
