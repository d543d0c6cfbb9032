// The files `plugins create` writes: a TypeScript plugin package that imports only the SDK
// (partgraph/plugin, partgraph/plugin/mixins), builds with tsc and tests itself with partgraph/testing.
// Must stay true: every combination of mixins type-checks and its test passes (test/plugin-sdk.test.ts).
import type { PluginNames, ScaffoldMixin } from './names.js';

export interface TemplateInput {
  names: PluginNames;
  mixins: ScaffoldMixin[];
  /** The package.json spec of the SDK (e.g. `file:/path/to/partgraph-0.1.0.tgz`). */
  sdkSpec: string;
}

const VERSIONS = { typescript: '7.0.2', '@types/node': '24.19.2', graphql: '16.15.0' };

export function packageJson({ names, sdkSpec }: TemplateInput): string {
  const pkg = {
    name: names.slug,
    version: '0.1.0',
    description: `${names.title}: a PartGraph plugin`,
    type: 'module',
    main: './dist/src/index.js',
    // The marker PartGraph's discovery looks for (npm packages and plugin folders alike).
    partgraph: { plugin: './dist/src/index.js' },
    files: ['dist/src'],
    scripts: {
      build: 'tsc -p tsconfig.json',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      test: 'npm run build && node --test --test-timeout=120000 "dist/test/**/*.test.js"',
    },
    // Only devDependencies: at run time the server provides partgraph/*, graphql and type-graphql.
    devDependencies: { partgraph: sdkSpec, ...VERSIONS },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function tsconfig(): string {
  const config = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      rootDir: '.',
      outDir: 'dist',
      strict: true,
      noImplicitOverride: true,
      // type-graphql decorators (if you add any) need these two, like the server's build.
      experimentalDecorators: true,
      useDefineForClassFields: false,
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['src/**/*.ts', 'test/**/*.ts'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function pluginSource({ names, mixins }: TemplateInput): string {
  const has = (m: ScaffoldMixin) => mixins.includes(m);
  const factories = [
    has('events') && 'EventMixin',
    has('settings') && 'SettingsMixin',
    has('graphql') && 'GraphQLMixin',
  ];
  const base = factories.filter(Boolean).reduceRight((inner, f) => `${f}(${inner})`, 'InvenTreePlugin');
  const pluginImports = ['InvenTreePlugin', has('events') && 'triggerEvent', has('graphql') && 'type GraphQLContext'];
  const mixinImports = [
    has('events') && 'EventMixin',
    has('graphql') && 'GraphQLMixin',
    has('settings') && 'SettingsMixin',
    has('events') && 'type EventRecord',
    has('graphql') && 'type GraphQLDeclaration',
    has('settings') && 'type SettingDefinitions',
  ].filter(Boolean);
  const lines = [
    `// ${names.title}: a PartGraph plugin (scaffolded by \`partgraph plugins create\`).`,
    `import { ${pluginImports.filter(Boolean).join(', ')} } from 'partgraph/plugin';`,
    ...(mixinImports.length ? [`import { ${mixinImports.join(', ')} } from 'partgraph/plugin/mixins';`] : []),
    '',
    `export class ${names.className} extends ${base} {`,
    `  static override NAME = '${names.title}';`,
    `  static override SLUG = '${names.slug}';`,
    `  static override DESCRIPTION = 'What ${names.title} does, in one sentence.';`,
    `  static override VERSION = '0.1.0';`,
  ];
  if (has('settings'))
    lines.push(
      '  static override SETTINGS: SettingDefinitions = {',
      `    GREETING: { name: 'Greeting', description: 'The first word of ${names.camel}Hello', default: 'Hello' },`,
      '  };',
    );
  if (has('graphql'))
    lines.push(
      '  static override GRAPHQL_TYPEDEFS = /* GraphQL */ `',
      '    extend type Query {',
      `      "Greets the signed-in user (plugin ${names.slug})."`,
      `      ${names.camel}Hello: String!`,
      '    }',
      '  `;',
      '',
      '  // Resolvers built here close over `this`, the plugin instance (settings, helpers).',
      '  override graphqlDeclaration(): GraphQLDeclaration {',
      '    return {',
      '      ...super.graphqlDeclaration(),',
      '      resolverMap: {',
      '        Query: {',
      `          ${names.camel}Hello: async (_source: unknown, _args: unknown, ctx: GraphQLContext): Promise<string> =>`,
      `            \`\${${has('settings') ? "String(await this.getSetting('GREETING'))" : "'Hello'"}}, \${ctx.user?.username ?? 'stranger'}\`,`,
      '        },',
      '      },',
      '    };',
      '  }',
    );
  if (has('events'))
    lines.push(
      '',
      '  // Called for every event, quickly: say which ones processEvent should get (in a worker).',
      '  override wantsProcessEvent(event: EventRecord): boolean {',
      "    return event.name === 'part.created';",
      '  }',
      '',
      '  override async processEvent(event: EventRecord): Promise<void> {',
      `    await triggerEvent('${names.slug}.part-seen', { part: event.instanceId });`,
      '  }',
    );
  lines.push('}', '');
  return lines.join('\n');
}

export function testSource({ names, mixins }: TemplateInput): string {
  const has = (m: ScaffoldMixin) => mixins.includes(m);
  const lines = [
    `// Starts a real PartGraph (throwaway embedded Postgres) with this plugin active: \`npm test\`.`,
    "import assert from 'node:assert/strict';",
    "import { after, before, test } from 'node:test';",
    "import { startPartGraph, type PartGraphTestServer } from 'partgraph/testing';",
    '',
    'let server: PartGraphTestServer;',
    'before(async () => {',
    '  server = await startPartGraph(); // loads the plugin in the current folder and activates it',
    '});',
    'after(() => server?.stop());',
    '',
    "test('the plugin is active', async () => {",
    `  const r = await server.gql<{ plugin: { active: boolean } }>('{ plugin(key: "${names.slug}") { active } }');`,
    '  assert.equal(r.data?.plugin.active, true, JSON.stringify(r.errors));',
    '});',
  ];
  if (has('graphql'))
    lines.push(
      '',
      `test('${names.camel}Hello greets the signed-in user', async () => {`,
      `  const r = await server.gql<{ ${names.camel}Hello: string }>('{ ${names.camel}Hello }');`,
      `  assert.equal(r.data?.${names.camel}Hello, 'Hello, admin', JSON.stringify(r.errors));`,
      '});',
    );
  if (has('events'))
    lines.push(
      '',
      "test('a new part raises the plugin event', async () => {",
      '  const created = await server.gql<{ createPart: { id: string } }>(\'mutation { createPart(input: { name: "Bolt" }) { id } }\');',
      '  const id = created.data?.createPart.id;',
      '  assert.ok(id, JSON.stringify(created.errors));',
      '  const deadline = Date.now() + 30_000;',
      '  for (;;) {',
      '    const r = await server.gql<{ events: Array<{ data: { part: string } }> }>(',
      `      '{ events(names: ["${names.slug}.part-seen"]) { data } }',`,
      '    );',
      '    if (r.data?.events.some((e) => e.data.part === id)) break;',
      "    assert.ok(Date.now() < deadline, 'no part-seen event within 30 s');",
      '    await new Promise((resolve) => setTimeout(resolve, 250));',
      '  }',
      '});',
    );
  lines.push('');
  return lines.join('\n');
}

export function readme({ names, mixins }: TemplateInput): string {
  return `# ${names.title}

A PartGraph plugin (key \`${names.slug}\`, mixins: ${mixins.join(', ') || 'none'}), scaffolded by
\`partgraph plugins create\`. See PartGraph's docs/plugins.md.

- \`npm install\` — the SDK (types of \`partgraph/plugin\`, the test kit \`partgraph/testing\`) and TypeScript.
- \`npm run typecheck\`, \`npm run build\` — compile to \`dist/\`.
- \`npm test\` — builds, then starts a real PartGraph with this plugin active (the test kit finds the
  server from \`PARTGRAPH_SERVER_DIR\`, else the checkout that built the SDK).
- Use it: point the server's \`PLUGIN_DIR\` at a folder holding this one, or \`npm pack\` it and
  install the tarball into the server; then activate \`${names.slug}\`.
`;
}

export const GITIGNORE = 'node_modules/\ndist/\n*.tgz\n';
