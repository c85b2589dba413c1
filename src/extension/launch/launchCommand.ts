import * as vscode from 'vscode';
import { formatFindingsText } from '../../core/doctor/formatText.js';
import { feedLiveTarget } from '../../core/doctor/liveSource.js';
import { StreamingDoctor } from '../../core/doctor/streamingDoctor.js';
import { createNamespace } from '../../core/kube/clusterWrites.js';
import { formatEvent } from '../../core/kube/endpointSnapshot.js';
import type { NimService } from '../../core/kube/nimService.js';
import { runPreflight } from '../../core/launch/preflight.js';
import { formatPreflight, hasFailures, type PreflightCheck } from '../../core/launch/preflightTypes.js';
import { PHASE_TITLES } from '../../core/launch/readinessPhase.js';
import { describeConflicts, diffableYaml, readLive, serverSideApply } from '../../core/launch/serverSideApply.js';
import { waitForReady } from '../../core/launch/waitForReady.js';
import { lintText } from '../../core/lint/linter.js';
import { parseManifestFile } from '../../core/manifest/parseManifest.js';
import { settings } from '../settings.js';
import { displayServer } from '../../core/kube/displayServer.js';
import { knownContexts } from '../clusterAccess.js';
import { openExtensionKube, type EndpointRef } from '../endpointRef.js';
import type { DryRunDocuments } from './dryRunDiff.js';
import { markWalkthroughStep } from '../walkthrough/walkthroughSteps.js';
import { createSecretFromPrompt } from './secretPrompt.js';

export const LAUNCH = 'inferenceEndpointStudio.launch';

const ICON = { pass: '$(pass)', warn: '$(warning)', fail: '$(error)' } as const;

/** Launch: lint → preflight (with fixes) → dry-run diff → confirm → server-side apply → wait for Ready → doctor on failure. */
export async function launchManifest(uri: vscode.Uri | undefined, diff: DryRunDocuments, output: vscode.LogOutputChannel, context?: string): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) return void vscode.window.showErrorMessage('Open a NIMService manifest to launch it.');
  const text = document.getText();
  const errors = lintText(text, settings.lint().options).filter((d) => d.severity === 'error');
  if (errors.length) {
    const choice = await vscode.window.showWarningMessage(`${errors.length} lint error(s): ${errors[0].message}`, { modal: true }, 'Launch Anyway');
    if (choice !== 'Launch Anyway') return;
  }
  const nims = parseManifestFile(text).documents.filter((d) => d.isKind('apps.nvidia.com', 'NIMService'));
  if (nims.length !== 1) return void vscode.window.showErrorMessage(`Launch takes a file with exactly one NIMService (found ${nims.length}).`);
  const nim = nims[0].toJS() as NimService;
  const name = nim.metadata?.name;
  if (!name) return void vscode.window.showErrorMessage('The NIMService has no metadata.name.');
  const target = context ?? (await pickContext(`Launch NIMService ${name} into which cluster?`));
  if (target === null) return;
  let kube;
  try {
    kube = openExtensionKube(target);
  } catch (error) {
    return void vscode.window.showErrorMessage(`Launch ${name}: ${(error as Error).message}`);
  }
  const namespace = nim.metadata?.namespace ?? kube.defaultNamespace;
  try {
    output.show(true);
    output.info(`Launch NIMService ${namespace}/${name} (context ${kube.context})`);
    let checks: PreflightCheck[];
    for (;;) {
      checks = await runPreflight(kube.transport, nim, namespace, { requirePoolCapacity2ForImageEdit: settings.launch().requirePoolCapacity2ForImageEdit });
      for (const line of formatPreflight(checks).trimEnd().split('\n')) output.info(line);
      const pick = await vscode.window.showQuickPick(
        [
          ...checks.map((c) => ({ label: `${ICON[c.status]} ${c.title}`, detail: c.detail, description: c.fix && c.status !== 'pass' ? `fix: ${c.fix.title}` : undefined, check: c })),
          { label: hasFailures(checks) ? '$(warning) Continue despite failed checks' : '$(rocket) Continue to the dry-run diff', check: undefined },
        ],
        { title: `Preflight ${namespace}/${name}`, placeHolder: 'Pick a check to run its fix, or continue', ignoreFocusOut: true },
      );
      if (!pick) return;
      if (!pick.check) break;
      const fix = pick.check.fix;
      if (!fix) continue;
      if (fix.kind === 'create-namespace') await createNamespace(kube.transport, fix.namespace);
      else if (fix.kind === 'create-secret') await createSecretFromPrompt(kube, fix.namespace, fix.name, fix.keys);
      else if (fix.kind === 'disable-setting') await settings.skipPoolCapacityCheckInWorkspace();
      else if (fix.kind === 'install-operator') await vscode.env.openExternal(vscode.Uri.parse('https://docs.nvidia.com/nim-operator/latest/install.html'));
    }
    const dry = await serverSideApply(kube.transport, nim, namespace, { dryRun: true });
    let force = false;
    if (!dry.ok) {
      const choice = await vscode.window.showWarningMessage(`Apply conflicts: ${describeConflicts(dry.conflicts)}`, { modal: true }, 'Force');
      if (choice !== 'Force') return;
      force = true;
    }
    const preview = dry.ok ? dry.object : (await serverSideApply(kube.transport, nim, namespace, { dryRun: true, force: true }) as { object?: Record<string, unknown> }).object;
    await diff.showDiff(`${namespace}-${name}-${Date.now()}`, diffableYaml(await readLive(kube.transport, namespace, name)), diffableYaml(preview), `${name}: live ↔ server dry run`);
    if ((await vscode.window.showInformationMessage(`Apply NIMService ${namespace}/${name} to ${kube.context}?`, { modal: true }, 'Apply')) !== 'Apply') return;
    const applied = await serverSideApply(kube.transport, nim, namespace, { force });
    if (!applied.ok) return void vscode.window.showErrorMessage(`Apply conflicts: ${describeConflicts(applied.conflicts)}`);
    output.info(`nimservice.apps.nvidia.com/${name} ${applied.created ? 'created' : 'configured'}`);
    const timeoutMs = settings.launch().waitTimeoutMs;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Launching ${name}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      return waitForReady(kube.transport, namespace, name, {
        timeoutMs, signal: controller.signal,
        onEvent: (e) => (e.type === 'Warning' ? output.warn(formatEvent(e)) : output.info(formatEvent(e))),
        onPhase: (s) => {
          const increment = s.progress !== undefined ? Math.max(0, s.progress * 100 - reported) : undefined;
          if (increment !== undefined) reported += increment;
          progress.report({ message: `${PHASE_TITLES[s.phase]}: ${s.detail}`, increment });
          output.info(`[${PHASE_TITLES[s.phase]}] ${s.detail}`);
        },
      });
    });
    if (result.outcome === 'ready') {
      markWalkthroughStep('launched');
      return void vscode.window.showInformationMessage(`NIMService ${namespace}/${name} is Ready.`);
    }
    if (result.outcome === 'cancelled') return void output.info('Stopped waiting (the NIMService stays applied).');
    const doctor = new StreamingDoctor();
    await feedLiveTarget(doctor, kube.transport, { namespace, nimService: name });
    const findings = doctor.findings();
    output.error(`Launch ${result.outcome}: ${result.state.detail}`);
    for (const line of formatFindingsText(findings).trimEnd().split('\n')) output.error(line);
    const top = findings[0];
    const choice = await vscode.window.showErrorMessage(top ? `${name}: ${top.title} — ${top.fix}` : `${name}: ${result.outcome} (${result.state.detail})`, 'Diagnose');
    if (choice === 'Diagnose') await vscode.commands.executeCommand('inferenceEndpointStudio.diagnose', { context: kube.context, namespace, name, kind: 'nimservice' } satisfies EndpointRef, document.uri);
  } catch (error) {
    void vscode.window.showErrorMessage(`Launch ${name}: ${(error as Error).message}`);
  } finally {
    kube.close();
  }
}

/**
 * With one cluster there is nothing to ask (several users of one cluster, as an admin and a viewer, keep the current
 * context); with contexts on several clusters, the user says which (the current one first), as a wrong guess would
 * apply to a cluster the user did not mean. null: cancelled; undefined: the current context.
 */
async function pickContext(title: string): Promise<string | undefined | null> {
  const contexts = knownContexts();
  // Compared as shown: the simulated cluster's admin and viewer differ only by the token in the server path.
  if (new Set(contexts.map((c) => displayServer(c.server))).size <= 1) return undefined;
  const picked = await vscode.window.showQuickPick(
    contexts.map((c) => ({ label: c.name, description: c.current ? 'current context' : undefined, detail: displayServer(c.server) })),
    { title, placeHolder: 'The kubeconfig context to apply to', ignoreFocusOut: true },
  );
  return picked ? picked.label : null;
}
