// Builds the web admin (src/web/app, Preact) and the offline GraphiQL page (src/web/graphiql, React)
// into dist/web with esbuild: hashed bundles in dist/web/assets, and index.html / graphiql.html
// that load them with plain <script src>/<link> tags (no inline script: the server's CSP forbids it).
// Run by `npm run build` after tsc; takes a few seconds. Must stay true: nothing here fetches from the
// network at run time, so the pages work on an air-gapped server.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'dist/web');
const assets = path.join(out, 'assets');

const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: assets,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
};

/** The .js and .css outputs of one entry point, as /assets/ URLs. */
function outputsOf(meta, entry) {
  const files = { js: [], css: [] };
  for (const [file, info] of Object.entries(meta.outputs)) {
    if (info.entryPoint !== entry && !(info.entryPoint === undefined && file.endsWith('.css') && sameStem(file, entry)))
      continue;
    const url = `/assets/${path.basename(file)}`;
    if (file.endsWith('.js')) files.js.push(url);
    if (file.endsWith('.css')) files.css.push(url);
    if (info.cssBundle) files.css.push(`/assets/${path.basename(info.cssBundle)}`);
  }
  return files;
}

function sameStem(file, entry) {
  return path.basename(file).startsWith(`${path.basename(entry).replace(/\.[^.]+$/, '')}-`);
}

function page({ title, js, css, bodyClass }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<title>${title}</title>
${[...new Set(css)].map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
${js.map((src) => `<script type="module" src="${src}"></script>`).join('\n')}
</head>
<body class="${bodyClass}">
<div id="root"><noscript>PartGraph needs JavaScript.</noscript></div>
</body>
</html>
`;
}

const t0 = performance.now();
await rm(out, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const appEntry = 'src/web/app/main.tsx';
const giqlEntry = 'src/web/graphiql/main.tsx';
const [app, giql] = await Promise.all([
  build({
    ...common,
    absWorkingDir: root,
    entryPoints: { app: appEntry },
    tsconfig: 'src/web/tsconfig.json',
    jsx: 'automatic',
    jsxImportSource: 'preact',
  }),
  build({
    ...common,
    absWorkingDir: root,
    entryPoints: { graphiql: giqlEntry },
    tsconfig: 'src/web/tsconfig.graphiql.json',
    jsx: 'automatic',
    jsxImportSource: 'react',
  }),
]);
const appFiles = outputsOf(app.metafile, appEntry);
const giqlFiles = outputsOf(giql.metafile, giqlEntry);
await writeFile(path.join(out, 'index.html'), page({ title: 'PartGraph', ...appFiles, bodyClass: 'app' }));
await writeFile(
  path.join(out, 'graphiql.html'),
  page({ title: 'PartGraph · GraphiQL', ...giqlFiles, bodyClass: 'graphiql' }),
);
await writeFile(
  path.join(assets, 'favicon.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0f2742"/><path d="M4 12V4h5a2.5 2.5 0 0 1 0 5H4" stroke="#fff" stroke-width="2" fill="none"/></svg>\n',
);
const ms = Math.round(performance.now() - t0);
process.stdout.write(
  `web: built dist/web (app ${appFiles.js.join(', ')}; graphiql ${giqlFiles.js.join(', ')}) in ${ms} ms\n`,
);
