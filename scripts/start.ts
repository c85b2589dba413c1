// `npm start`: the product in VS Code in the browser against the simulated GPU cluster.
// Installs what is missing (first run: minutes), builds and packages the extension, starts `ies sim` with the
// demo fixture, installs the .vsix into code-server, opens the demo workspace and prints the URL.
// Ctrl-C stops everything it started. IES_PORT picks the code-server port (default 8080, else a free one),
// IES_SIM_SPEED the simulated-time speed (default 20).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, freePort, type CodeServer } from '../test/e2e/harness/codeServer.js';
import { cacheDir, repoRoot, vsixPath } from '../test/e2e/harness/paths.js';

const log = (message: string) => process.stderr.write(`[start] ${message}\n`);

function step(title: string, command: string, args: string[]): void {
  log(title);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status})`);
}

/** The demo workspace lives in an ignored folder and is created once: your edits in it survive restarts. */
function prepareWorkspace(): string {
  const workspace = join(cacheDir, 'demo-workspace');
  if (!existsSync(workspace)) {
    cpSync(join(repoRoot, 'demo'), workspace, { recursive: true });
    mkdirSync(join(workspace, 'templates'), { recursive: true });
    for (const name of readdirSync(join(repoRoot, 'templates')).filter((n) => n.endsWith('.yaml'))) {
      cpSync(join(repoRoot, 'templates', name), join(workspace, 'templates', name));
    }
    log(`demo workspace created at ${workspace}`);
  }
  return workspace;
}

function startSimulator(kubeconfig: string, speed: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'sim', '--fixture', 'demo', '--speed', speed, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops it')) {
        process.stderr.write(output.split('\n').filter((l) => l && !l.includes('Ctrl-C')).map((l) => `[sim] ${l}\n`).join(''));
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code} before it was ready`)));
  });
}

async function portFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  step('installing Node 24, code-server and Chromium where missing…', process.execPath, [join('scripts', 'e2e', 'install.mjs')]);
  step('building the extension…', process.execPath, [join('scripts', 'build.mjs')]);
  step('packaging the .vsix…', process.execPath, [join('scripts', 'e2e', 'package.mjs'), vsixPath]);
  const workspace = prepareWorkspace();
  const sandbox = join(cacheDir, 'sandbox');
  mkdirSync(sandbox, { recursive: true });
  const kubeconfig = join(sandbox, 'kubeconfig');
  log('starting the simulated GPU cluster (demo fixture)…');
  const sim = await startSimulator(kubeconfig, process.env.IES_SIM_SPEED ?? '20');
  let server: CodeServer | undefined;
  const stopAll = async () => {
    log('stopping…');
    await server?.stop();
    sim.kill('SIGINT');
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  try {
    const wanted = Number(process.env.IES_PORT ?? 8080);
    const port = (await portFree(wanted)) ? wanted : await freePort();
    log('starting VS Code (code-server) with the extension installed…');
    server = await startCodeServer({
      workspace,
      home: join(sandbox, 'home'),
      port,
      env: { KUBECONFIG: kubeconfig },
      settings: { 'workbench.colorTheme': 'Default Dark Modern', 'terminal.integrated.env.linux': { KUBECONFIG: kubeconfig } },
    });
  } catch (error) {
    sim.kill('SIGINT');
    throw error;
  }
  process.stdout.write(`\nInference Endpoint Studio is running:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n\nkubeconfig of the simulated cluster: ${kubeconfig}\nCtrl-C stops everything.\n`);
}

main().catch((error: Error) => {
  log(`failed: ${error.message}`);
  process.exit(1);
});
