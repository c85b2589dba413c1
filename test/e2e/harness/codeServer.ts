import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, node24, vsixPath } from './paths.js';

export interface CodeServer {
  url: string;
  workspace: string;
  logPath: string;
  home: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  workspace: string;
  /** User settings merged over the sandbox defaults. */
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** A folder kept between runs (the `npm start` sandbox); default a fresh temp folder. */
  home?: string;
  /** Default: a free port. */
  port?: number;
  /** Other .vsix files installed beside ours (e.g. the activation benchmark's peer). */
  extraExtensions?: string[];
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts code-server (VS Code in the browser) on loopback with the packaged extension installed as a user would. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  for (const [what, path] of [['Node 24', node24], ['code-server', codeServerEntry], ['the .vsix', vsixPath]] as const) {
    if (!existsSync(path)) throw new Error(`${what} missing at ${path}: run \`npm run test:e2e\` (it installs and packages first)`);
  }
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'ies-e2e-'));
  mkdirSync(home, { recursive: true });
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    ...options.settings,
  }, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    ...options.env,
  };
  // A session names its kubeconfig or has none: never the one of the shell that runs the tests.
  if (!options.env?.KUBECONFIG) delete env.KUBECONFIG;
  for (const vsix of [vsixPath, ...(options.extraExtensions ?? [])]) {
    const install = spawnSync(node24, [codeServerEntry, '--install-extension', vsix, '--extensions-dir', extensions, '--user-data-dir', userData], { env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`installing ${vsix} into code-server failed: ${install.stderr || install.stdout}`);
  }

  const port = options.port ?? (await freePort());
  const logPath = join(home, 'code-server.log');
  const log = createWriteStream(logPath);
  const child: ChildProcess = spawn(node24, [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
    options.workspace,
  ], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 60_000);
  return {
    url,
    workspace: options.workspace,
    logPath,
    home,
    stop: () => new Promise((resolveStop) => {
      if (child.exitCode !== null) return resolveStop();
      child.once('exit', () => resolveStop());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }),
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server not healthy at ${url} within ${timeoutMs} ms`);
}
