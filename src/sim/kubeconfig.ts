import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import type { SimUser } from './apiserver/auth.js';

export interface KubeconfigOptions {
  /** Where to write; the file gets mode 0600 (it holds tokens). */
  path: string;
  server: string;
  /** Cluster and admin context name, `gpu-lab` by default; the viewer context is `<name>-viewer`. */
  name?: string;
  users: SimUser[];
  /** PEM of the CA for https servers; absent for http. */
  caCert?: string;
  namespace?: string;
}

export interface WrittenKubeconfig {
  path: string;
  /** The admin context (current-context). */
  context: string;
  viewerContext: string;
}

/**
 * Writes a kubeconfig with an admin and a read-only context. Plain-http servers get `insecure-skip-tls-verify: true`
 * because client-node refuses an http cluster without it, and a per-user server URL `…/token/<token>` because kubectl
 * (clientcmd) only sends credentials over TLS.
 */
export function writeKubeconfig(options: KubeconfigOptions): WrittenKubeconfig {
  const name = options.name ?? 'gpu-lab';
  const admin = options.users.find((u) => u.role === 'admin');
  const viewer = options.users.find((u) => u.role === 'viewer');
  if (!admin || !viewer) throw new Error('writeKubeconfig needs an admin and a viewer user');
  const viewerContext = `${name}-viewer`;
  const secure = options.server.startsWith('https:');
  // Over http kubectl drops credentials, so each user gets its own cluster entry whose URL carries the token.
  const clusterFor = (user: SimUser) => {
    if (secure) return { server: options.server, 'certificate-authority-data': Buffer.from(options.caCert ?? '').toString('base64') };
    return { server: `${options.server.replace(/\/+$/, '')}/token/${encodeURIComponent(user.token)}`, 'insecure-skip-tls-verify': true };
  };
  const clusters = secure ? [{ name, cluster: clusterFor(admin) }] : [{ name, cluster: clusterFor(admin) }, { name: viewerContext, cluster: clusterFor(viewer) }];
  const context = (user: SimUser, clusterName: string) => ({ cluster: clusterName, user: user.name, namespace: options.namespace ?? 'default' });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters,
    users: [admin, viewer].map((u) => ({ name: u.name, user: { token: u.token } })),
    contexts: [
      { name, context: context(admin, name) },
      { name: viewerContext, context: context(viewer, secure ? name : viewerContext) },
    ],
    'current-context': name,
  };
  mkdirSync(dirname(options.path), { recursive: true });
  writeFileSync(options.path, stringify(config), { mode: 0o600 });
  return { path: options.path, context: name, viewerContext };
}
