// Packages the built extension into a .vsix with @vscode/vsce (dependencies are bundled by esbuild).
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const out = resolve(root, process.argv[2] ?? `inference-endpoint-studio-${JSON.parse((await import('node:fs')).readFileSync(resolve(root, 'package.json'), 'utf8')).version}.vsix`);
mkdirSync(dirname(out), { recursive: true });
const vsce = resolve(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (result.status !== 0) process.exit(result.status ?? 1);
process.stderr.write(`packaged ${out} (${(statSync(out).size / 1024).toFixed(0)} KiB)\n`);
