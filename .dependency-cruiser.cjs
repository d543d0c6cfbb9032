// Import rules for src/ (issue 8, "imports point one way"), checked by `npm run lint` (dependency-cruiser).
// Paths are resolved files, so a rule holds whatever the relative path looks like. Type-only imports count
// too: the swc parser keeps them (TypeScript 7 has no JS API for dependency-cruiser's tsc parser).
// What must stay true: every import resolves (rule `resolvable`), else the other rules could miss edges.
const CORE = '^src/(db|graphql|server|auth|inventory|events|settings|jobs|usage)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles in src/, type-only imports included: move the shared type to a leaf module.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-never-imports-plugin',
      comment:
        'The core knows nothing of plugins: the composition root (src/main, src/cli) wires the plugin system in, ' +
        'injecting what it needs (schema swap, core schema builder, change feed).',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^src/plugin/' },
    },
    {
      name: 'plugin-authors-use-entry-files',
      comment:
        'Samples, built-ins and plugins/ model plugin authors: they import only partgraph/plugin ' +
        '(src/plugin/index.ts) and its mixins (src/plugin/mixins/index.ts), or their own folder.',
      severity: 'error',
      from: { path: '^(src/plugin/(samples|builtin)|plugins)/' },
      to: {
        path: '^src/',
        pathNot: ['^src/plugin/index[.]ts$', '^src/plugin/mixins/index[.]ts$', '^$1/'],
      },
    },
    {
      name: 'registry-knows-no-mixin',
      comment:
        'The registry reaches mixins only through the framework files that name no mixin (the index, ' +
        'the activation order list, the lifecycle contract, the class marker), never a specific mixin folder.',
      severity: 'error',
      from: { path: '^src/plugin/registry/' },
      to: {
        path: '^src/plugin/mixins/',
        pathNot: '^src/plugin/mixins/(index|order|lifecycle|declare|class-marks)[.]ts$',
      },
    },
    {
      name: 'resolvable',
      comment: 'An import the cruiser cannot resolve would hide its edge from the rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
