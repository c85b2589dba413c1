import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './codeServer.js';
import { openWorkbench, saveArtifacts, type Workbench } from './workbench.js';

export interface Session {
  server: CodeServer;
  workbench: Workbench;
  workspace: string;
  close(): Promise<void>;
}

export interface SessionOptions {
  name: string;
  files?: Record<string, string | Uint8Array>;
  /** KUBECONFIG for the extension host (one path, or several joined with the path delimiter); none: no KUBECONFIG. */
  kubeconfig?: string;
  settings?: Record<string, unknown>;
}

/**
 * A workspace with the given files, code-server with the packaged extension (KUBECONFIG pointing at a
 * simulator when given) and the workbench open in Chromium: what every e2e file starts with.
 */
export async function openSession(options: SessionOptions): Promise<Session> {
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

/** What a test file's `before` sets up beside the session: the session's options, and what to stop after it. */
export interface SessionSetup extends Omit<SessionOptions, 'name'> {
  /** Stops what the setup started (a simulator, inference servers), after the session closed. */
  onClose?: () => Promise<unknown>;
}

export interface UsedSession {
  readonly page: Page;
  readonly server: CodeServer;
  readonly workspace: string;
  /** Runs a test body; on failure saves a screenshot and the workbench's texts under `artifacts`, and rethrows. */
  run<T>(artifacts: string, body: (page: Page) => Promise<T>): Promise<T>;
}

/**
 * The before/after pair every e2e file needs: `setup` runs in `before` (start simulators and servers there), then
 * the session opens; `after` closes the session, then calls `onClose`.
 */
export function useSession(name: string, setup: () => SessionSetup | Promise<SessionSetup> = () => ({})): UsedSession {
  let session: Session | undefined;
  let onClose: SessionSetup['onClose'];
  before(async () => {
    const { onClose: close, ...options } = await setup();
    onClose = close;
    session = await openSession({ name, ...options });
  });
  after(async () => {
    await session?.close();
    await onClose?.();
  });
  const opened = (): Session => {
    if (!session) throw new Error(`the ${name} session did not open (see the before hook's error)`);
    return session;
  };
  return {
    get page() { return opened().workbench.page; },
    get server() { return opened().server; },
    get workspace() { return opened().workspace; },
    async run(artifacts, body) {
      const { workbench, server } = opened();
      try {
        return await body(workbench.page);
      } catch (error) {
        await saveArtifacts(workbench.page, server, artifacts);
        // Leave no quick input, menu or dialog open for the next test of the file.
        for (let i = 0; i < 3; i++) await workbench.page.keyboard.press('Escape').catch(() => undefined);
        throw error;
      }
    },
  };
}
