// One esbuild call per bundle: what activation loads (src/extension/main.ts: stand-ins only), the parts it loads on
// first use — the manifest editor, the cluster features, the template commands — the CLI, and the webview (browser).
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // client-node's optional native helpers stay guarded require()s; punycode is aliased to silence DEP0040.
  external: ['bufferutil', 'utf-8-validate', 'supports-color', 'encoding'],
  alias: { punycode: 'punycode/' },
};

const bundles = [
  { ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: [...common.external, 'vscode'] },
  { ...common, entryPoints: ['src/extension/clusterFeatures.ts'], outfile: 'dist/clusterFeatures.js', platform: 'node', format: 'cjs', target: 'node20', external: [...common.external, 'vscode'] },
  { ...common, entryPoints: ['src/extension/manifestEditor.ts'], outfile: 'dist/manifestEditor.js', platform: 'node', format: 'cjs', target: 'node20', external: [...common.external, 'vscode'] },
  { ...common, entryPoints: ['src/extension/scaffoldCommands.ts'], outfile: 'dist/scaffoldCommands.js', platform: 'node', format: 'cjs', target: 'node20', external: [...common.external, 'vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022', alias: {} },
];

if (watch) {
  for (const options of bundles) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}
