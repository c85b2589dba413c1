// The environment scripts/e2e/install.mjs hands to its inner `npm install`. Under `npm start` / `npm run test:e2e` the
// outer npm exports its own identity (npm_config_user_agent names its Node), and code-server's postinstall refuses
// unless that names Node 24. The real case below runs a real npm install of a package whose postinstall reports
// what it sees, under an environment that looks like an outer npm on another Node.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

type Env = Record<string, string | undefined>;
type Installer = {
  innerNpmEnv: (outer: Env, options?: { nodeBin?: string; nodedir?: string }) => Env;
  npmInstall: (prefix: string, spec: string, env: Env, extra?: string[]) => void;
};
let installer: Installer;
before(async () => {
  installer = (await import('../../scripts/e2e/install.mjs' as string)) as Installer;
});

/** What `npm run start` exports on a Node 20 machine (taken from a real run), plus a user's own npm settings. */
const outerNpm: Env = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/user',
  npm_command: 'run-script',
  npm_config_user_agent: 'npm/10.9.2 node/v20.20.2 linux x64 workspaces/false',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_npm_version: '10.9.2',
  npm_config_nodedir: '/usr',
  npm_config_prefix: '/usr',
  npm_config_global_prefix: '/usr',
  npm_config_local_prefix: '/work/repo',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  npm_lifecycle_event: 'start',
  npm_lifecycle_script: 'node --import tsx scripts/start.ts',
  npm_package_json: '/work/repo/package.json',
  npm_package_name: 'inference-endpoint-studio',
  npm_config_registry: 'https://registry.example.test/',
  npm_config_cache: '/home/user/.npm',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_userconfig: '/home/user/.npmrc',
  HTTPS_PROXY: 'http://proxy.example.test:3128',
};

test('the outer npm process state is removed; the user\'s npm settings and environment stay', () => {
  const env = installer.innerNpmEnv(outerNpm, { nodeBin: '/tools/node24/bin', nodedir: '/tools/node24' });
  for (const key of ['npm_command', 'npm_config_user_agent', 'npm_config_node_gyp', 'npm_config_npm_version', 'npm_config_prefix', 'npm_config_global_prefix', 'npm_config_local_prefix', 'npm_execpath', 'npm_node_execpath', 'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_json', 'npm_package_name']) {
    assert.equal(env[key], undefined, `${key} must not reach the inner npm`);
  }
  assert.equal(env.npm_config_registry, outerNpm.npm_config_registry);
  assert.equal(env.npm_config_cache, outerNpm.npm_config_cache);
  assert.equal(env.npm_config_cafile, outerNpm.npm_config_cafile);
  assert.equal(env.npm_config_userconfig, outerNpm.npm_config_userconfig);
  assert.equal(env.HTTPS_PROXY, outerNpm.HTTPS_PROXY);
  assert.equal(env.HOME, outerNpm.HOME);
  assert.equal(env.PATH, `/tools/node24/bin:${outerNpm.PATH}`);
  assert.equal(env.npm_config_nodedir, '/tools/node24', 'node-gyp builds against the Node that runs the package');
});

const work = mkdtempSync(join(tmpdir(), 'ies-install-env-'));
after(() => rmSync(work, { recursive: true, force: true }));

function probePackage(): string {
  const dir = join(work, 'probe');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'ies-install-probe',
    version: '1.0.0',
    scripts: { postinstall: 'node report.js' },
  }));
  // What code-server's postinstall reads: the user agent's Node, next to the Node that really runs the script.
  writeFileSync(join(dir, 'report.js'), "require('fs').writeFileSync(process.env.IES_PROBE_OUT, JSON.stringify({ userAgent: process.env.npm_config_user_agent, node: process.version }));\n");
  return dir;
}

function installProbe(env: Env): { userAgent: string; node: string } {
  const out = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const prefix = join(work, `prefix-${Math.random().toString(36).slice(2)}`);
  installer.npmInstall(prefix, probePackage(), { ...env, IES_PROBE_OUT: out }, ['--foreground-scripts', '--offline']);
  return JSON.parse(readFileSync(out, 'utf8'));
}

test('a real inner npm install run from inside another npm sees its own Node in the user agent', { timeout: 120_000 }, () => {
  const pretendOuter: Env = { ...process.env, npm_config_user_agent: 'npm/10.9.2 node/v18.19.0 linux x64 workspaces/false', npm_lifecycle_event: 'start' };
  const leaked = installProbe(pretendOuter);
  assert.match(leaked.userAgent, /node\/v18\.19\.0/, 'without cleaning, the outer npm\'s user agent wins (the failure this guards against)');

  const cleaned = installProbe(installer.innerNpmEnv(pretendOuter));
  const major = process.version.split('.')[0];
  assert.match(cleaned.userAgent, new RegExp(`node/${major}\\.`), `the inner npm names the Node it runs on (${cleaned.userAgent})`);
  assert.equal(cleaned.node.split('.')[0], major);
});
