import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** Runs `ies sim --fixture demo --speed 20` (as `npm start` does) as a child process (the bundled CLI) and resolves with its kubeconfig. */
export class SimulatedCluster implements vscode.Disposable {
  private child: ChildProcess | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  get kubeconfigPath(): string {
    return join(this.context.globalStorageUri.fsPath, 'simulated-cluster', 'kubeconfig');
  }

  async start(): Promise<string> {
    if (this.child && existsSync(this.kubeconfigPath)) return this.kubeconfigPath;
    mkdirSync(join(this.context.globalStorageUri.fsPath, 'simulated-cluster'), { recursive: true });
    rmSync(this.kubeconfigPath, { force: true });
    const cli = this.context.asAbsolutePath('dist/cli.js');
    let output = '';
    const child = spawn(process.execPath, [cli, 'sim', '--fixture', 'demo', '--speed', '20', '--kubeconfig', this.kubeconfigPath], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 30_000;
    // `ies sim` prints this line once its API server listens and the kubeconfig is written.
    while (!existsSync(this.kubeconfigPath) || !/Ctrl-C stops it/.test(output)) {
      if (child.exitCode !== null) throw new Error(`the simulated cluster exited: ${output.trim().split('\n').pop() ?? child.exitCode}`);
      if (Date.now() > deadline) throw new Error('the simulated cluster did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.kubeconfigPath;
  }

  dispose(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGTERM');
    this.child = undefined;
  }
}
