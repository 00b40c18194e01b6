// eslint's flat config (`npm run lint:code`): typescript-eslint's recommended rules on the whole tree, the
// react-hooks rules on the browser app, and ARCHITECTURE.md's arrows between folders as import rules.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SOURCES = '*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}';

const ENGINE_ADAPTERS = ['server/engine/embedded', 'server/engine/camunda'];
const STORE_ADAPTERS = ['server/store/sqlite', 'server/store/mongodb'];

/**
 * ARCHITECTURE.md's arrows: files under `folder` must not import anything under the folders of
 * `forbidden`; `arrow` is the sentence each finding quotes. test/ and bench/ are exempt: they wire
 * the real thing together on purpose.
 */
const LAYERS = [
  {
    folder: 'server/core',
    forbidden: ['server/http', ...ENGINE_ADAPTERS, ...STORE_ADAPTERS, 'processes', 'workers'],
    arrow: 'core holds the use cases and speaks to the ports only (server/engine/port.ts, server/store/port.ts), not to HTTP, an adapter, processes/ or workers/',
  },
  {
    folder: 'server/http',
    forbidden: ['workers', ...ENGINE_ADAPTERS, ...STORE_ADAPTERS],
    arrow: 'HTTP routes receive built use cases from the composition root; they do not import the workers or build an engine or a store adapter',
    // Nor do they keep state of their own between requests: what an app needs, createApp builds for it.
    syntax: [
      {
        selector: 'Program > VariableDeclaration[kind="let"], Program > ExportNamedDeclaration > VariableDeclaration[kind="let"]',
        message: 'server/http/ keeps no module-level state: build it in createOficio (server/oficio.ts) or createApp, once per app.',
      },
      { selector: 'NewExpression[callee.name=/^Weak(Map|Set)$/]', message: 'server/http/ caches nothing per dependency object: createOficio (server/oficio.ts) builds each use case once.' },
    ],
  },
  {
    folder: 'server/store',
    forbidden: ['server/core', 'server/engine', 'server/http'],
    arrow: 'the store is the bottom layer: a document store knows nothing of the use cases, the engine or HTTP',
  },
  {
    folder: 'server/engine',
    forbidden: ['server/core', 'server/http'],
    arrow: 'the engine port mirrors the Camunda 8 API and its adapters sit below the use cases and HTTP',
  },
  {
    folder: 'workers',
    forbidden: ['server', 'designer'],
    arrow: 'workers never import server/ or designer/: they see only the job (variables, headers) and their adapters',
  },
  {
    folder: 'designer/src',
    forbidden: ['server', 'workers', 'processes'],
    arrow: 'the browser app reaches the server only through its API (designer/src/api), typed from contracts/; it may import contracts/ and forms/ only',
  },
  {
    folder: 'contracts',
    forbidden: ['server', 'designer', 'workers', 'processes'],
    arrow: 'contracts/ is shared by the server and the browser: it imports neither side, and nothing of Node',
    browserSafe: true,
  },
];

/** How deep below a layer's folder its files may sit; one config block per depth (see layerBlocks). */
const MAX_DEPTH = 8;

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The import rules of one layer. A rule sees only the import's text, and relative imports say
 * `../../http/app.js`, not `server/http/app.js`; folder names repeat too (server/workers beside
 * workers/, server/http/designer.ts beside designer/). So each depth below the layer's folder gets
 * its own block, whose patterns are the exact relative paths from that depth to each forbidden folder.
 */
function layerBlocks({ folder, forbidden, arrow, browserSafe = false, syntax = [] }) {
  const blocks = [];
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const dir = posix.join(folder, ...Array.from({ length: depth }, (_, i) => `__${i}`));
    const patterns = forbidden.map((target) => ({
      regex: `^${escapeRegex(posix.relative(dir, target))}(/|$)`,
      message: `${folder}/ must not import ${target}/ — ${arrow} (ARCHITECTURE.md; eslint.config.js LAYERS).`,
    }));
    const paths = [];
    if (browserSafe) {
      const message = `${folder}/ must not import Node's built-in modules — ${arrow} (ARCHITECTURE.md; eslint.config.js LAYERS).`;
      patterns.push({ regex: '^node:', message });
      for (const name of builtinModules.filter((m) => !m.startsWith('_'))) paths.push({ name, message });
    }
    // no-restricted-imports sees import and export declarations only; import() and import('…').Type are caught here.
    const importExpressions = patterns.flatMap(({ regex, message }) => {
      const literal = `/${regex.replaceAll('/', '\\x2F')}/`;
      return [
        { selector: `ImportExpression[source.value=${literal}]`, message },
        { selector: `TSImportType[argument.literal.value=${literal}]`, message },
      ];
    });
    blocks.push({
      name: `oficio/layers/${folder}/depth-${depth}`,
      files: [`${folder}/${'*/'.repeat(depth)}${SOURCES}`],
      rules: {
        'no-restricted-imports': ['error', { paths, patterns }],
        'no-restricted-syntax': ['error', ...importExpressions, ...syntax],
      },
    });
  }
  return blocks;
}

export default defineConfig([
  globalIgnores(['**/node_modules/', 'designer/dist/', 'data/', 'test-results/', 'coverage/', 'bench/.cache/', 'processes/*.bpmn']),
  {
    name: 'oficio/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'oficio/unused',
    rules: {
      // A leading underscore is how the code says "unused on purpose": a field left out of a copy
      // (`const { version: _version, ...rest } = doc`), express's fourth error-handler argument, a page's props.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    name: 'oficio/node-globals',
    ignores: [`designer/src/**`],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'oficio/designer',
    files: [`designer/src/**/${SOURCES}`],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    ...reactHooks.configs.flat.recommended,
    name: 'oficio/react-hooks',
    files: [`designer/src/**/${SOURCES}`],
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // These two serve the React Compiler, which the app does not use; they flag its deliberate
      // patterns (the latest callback kept in a ref, state reset when what is loaded changes).
      // The rules of hooks and complete effect dependencies stay on.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
    },
  },
  ...LAYERS.flatMap(layerBlocks),
]);
