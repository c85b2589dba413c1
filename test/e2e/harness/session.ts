import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from './codeServer.js';
import { openWorkbench, type Workbench } from './workbench.js';

export interface Session {
  server: CodeServer;
  workbench: Workbench;
  workspace: string;
  close(): Promise<void>;
}

/**
 * A workspace with the given files, code-server with the packaged extension (KUBECONFIG pointing at a
 * simulator when given) and the workbench open in Chromium: what every cluster-facing e2e file starts with.
 */
export async function openSession(options: { name: string; files?: Record<string, string | Uint8Array>; kubeconfig?: string; settings?: Record<string, unknown> }): Promise<Session> {
  const workspace = mkdtempSync(join(tmpdir(), `ies-e2e-${options.name}-`));
  for (const [file, content] of Object.entries(options.files ?? { 'README.md': `# ${options.name} e2e\n` })) writeFileSync(join(workspace, file), content);
  const server = await startCodeServer({ workspace, settings: options.settings, env: options.kubeconfig ? { KUBECONFIG: options.kubeconfig } : undefined });
  try {
    const workbench = await openWorkbench(server);
    return {
      server,
      workbench,
      workspace,
      close: async () => {
        await workbench.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
