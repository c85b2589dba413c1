// Every setting the extension reads, typed, in one place: one reader per section of package.json's configuration.
// Readers return plain values read now (settings change at any time); parsing that needs the heavier core modules
// (the endpoints list) happens in the feature that owns it. Kept light: activation imports this module.
import * as vscode from 'vscode';
import { DEFAULT_POOL_LABEL_KEYS } from '../core/cluster/gpuPools.js';
import { parseOperatorVersion, type LintOptions, type PinnedModel } from '../core/lint/options.js';

export const SECTION = 'inferenceEndpointStudio';


const config = () => vscode.workspace.getConfiguration(SECTION);

export const settings = {
  lint(): { options: LintOptions; enabled: boolean } {
    const c = config();
    const pinned = c.get<PinnedModel[] | null>('lint.pinnedModels', null);
    return {
      options: {
        operatorVersion: parseOperatorVersion(c.get<string>('operatorVersion', 'latest')),
        pinnedModels: Array.isArray(pinned) && pinned.length > 0 ? pinned : undefined,
        disabledRules: c.get<string[]>('lint.disabledRules', []),
      },
      enabled: c.get<boolean>('lint.enable', true),
    };
  },

  explorer(): { kubeconfig?: string; poolLabelKeys: string[] } {
    const c = config();
    const labels = c.get<string[]>('explorer.poolLabelKeys', [...DEFAULT_POOL_LABEL_KEYS]);
    return { kubeconfig: c.get<string>('explorer.kubeconfig', '') || undefined, poolLabelKeys: labels.length ? labels : [...DEFAULT_POOL_LABEL_KEYS] };
  },

  /** The endpoints list comes raw: the health feature parses it and reports its problems. */
  health(): { endpoints: unknown; pinned?: string; intervalMs: number; timeoutMs: number; tryDirect: boolean } {
    const c = config();
    return {
      endpoints: c.get('endpoints', []),
      pinned: c.get<string>('health.pinnedEndpoint') || undefined,
      intervalMs: Math.max(2, c.get<number>('health.intervalSeconds', 30)) * 1000,
      timeoutMs: Math.max(0.1, c.get<number>('health.timeoutSeconds', 5)) * 1000,
      tryDirect: c.get<boolean>('health.tryClusterUrlsDirectly', false),
    };
  },

  pinEndpoint(value: string): Thenable<void> {
    return config().update('health.pinnedEndpoint', value, vscode.ConfigurationTarget.Global);
  },

  launch(): { waitTimeoutMs: number; requirePoolCapacity2ForImageEdit: boolean } {
    const c = config();
    return {
      waitTimeoutMs: c.get<number>('launch.waitTimeoutMinutes', 60) * 60_000,
      requirePoolCapacity2ForImageEdit: c.get<boolean>('launch.requirePoolCapacity2ForImageEdit', true),
    };
  },

  /** Preflight's "don't check pool capacity here" fix, for this workspace only. */
  skipPoolCapacityCheckInWorkspace(): Thenable<void> {
    return config().update('launch.requirePoolCapacity2ForImageEdit', false, vscode.ConfigurationTarget.Workspace);
  },

  /** VS Code's own `http.proxy`. */
  httpProxy(): string | undefined {
    return vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined;
  },
};
