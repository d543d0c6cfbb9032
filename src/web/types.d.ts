// Stylesheets imported from TypeScript are bundled by esbuild (src/web/build.mjs).
declare module '*.css';
