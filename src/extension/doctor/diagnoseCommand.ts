import * as vscode from 'vscode';
import { formatFindingsText } from '../../core/doctor/formatText.js';
import { feedLiveTarget } from '../../core/doctor/liveSource.js';
import { findNimServiceDocument, manifestFixEdits } from '../../core/doctor/manifestFixEdits.js';
import { StreamingDoctor } from '../../core/doctor/streamingDoctor.js';
import type { Finding } from '../../core/doctor/types.js';
import { openExtensionKube, pickRef } from '../endpointRef.js';

export const DIAGNOSE = 'inferenceEndpointStudio.diagnose';
export const EVIDENCE_SCHEME = 'ies-evidence';

/** Read-only logs the doctor read, one per source, so an evidence line can be revealed in context. */
export class EvidenceDocuments implements vscode.TextDocumentContentProvider {
  readonly texts = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }
  uriFor(source: string): vscode.Uri {
    return vscode.Uri.from({ scheme: EVIDENCE_SCHEME, path: `/${source.replace(/[^\w.()-]+/g, '_')}.log` });
  }
}

/** One quick-pick detail line: the evidence, the root of the traceback when the failure was not recognized, the fix. */
function findingDetail(f: Finding): string {
  const root = f.rootFrame ? ` — root: ${f.rootFrame.text}` : '';
  return `${f.evidence.source}:${f.evidence.line}: ${f.evidence.text}${root} — ${f.fix}`;
}

/** Diagnose an endpoint or pod: findings root cause first; pick one to reveal its evidence line or apply its manifest quick fix. */
export async function diagnoseCommand(node: unknown, manifest: vscode.Uri | undefined, evidence: EvidenceDocuments, output: vscode.LogOutputChannel): Promise<void> {
  const ref = await pickRef(node, 'Diagnose which NIMService or pod?');
  if (!ref) return;
  const kube = openExtensionKube(ref.context);
  const doctor = new StreamingDoctor();
  let findings: Finding[];
  try {
    const logs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Diagnosing ${ref.name}` }, () =>
      feedLiveTarget(doctor, kube.transport, ref.kind === 'pod' ? { namespace: ref.namespace, pod: ref.name } : { namespace: ref.namespace, nimService: ref.name }));
    for (const [source, lines] of logs) evidence.texts.set(evidence.uriFor(source).path, lines.join('\n'));
    findings = doctor.findings();
  } catch (error) {
    return void vscode.window.showErrorMessage(`Diagnose ${ref.name}: ${(error as Error).message}`);
  } finally {
    kube.close();
  }
  for (const line of formatFindingsText(findings, { linesRead: doctor.linesSeen }).trimEnd().split('\n')) output.info(line);
  if (!findings.length) return void vscode.window.showInformationMessage(`${ref.name}: no known failure signatures.`);
  const pick = await vscode.window.showQuickPick(findings.map((f, i) => ({ label: `${i + 1}. ${f.title}`, description: f.manifestFix ? 'quick fix available' : undefined, detail: findingDetail(f), finding: f })), { title: `Doctor: ${ref.name}`, placeHolder: 'Pick a finding to see its evidence (and fix the manifest)' });
  if (!pick) return;
  const f = pick.finding;
  const uri = evidence.uriFor(f.evidence.source);
  if (evidence.texts.has(uri.path)) {
    const line = Math.max(0, f.evidence.line - 1);
    const editor = await vscode.window.showTextDocument(uri, { preview: true, selection: new vscode.Range(line, 0, line, 0) });
    // An unrecognized failure: the lines around it (from the root of its traceback) in view.
    if (f.context?.length) editor.revealRange(new vscode.Range(Math.max(0, f.context[0].line - 1), 0, f.context[f.context.length - 1].line - 1, 0), vscode.TextEditorRevealType.InCenter);
  }
  if (!f.manifestFix) return;
  const target = manifest ?? vscode.window.activeTextEditor?.document.uri;
  const choice = await vscode.window.showInformationMessage(`${f.title}: ${f.fix}`, 'Fix the Manifest…');
  if (choice !== 'Fix the Manifest…') return;
  const file = target?.scheme === 'file' ? target : (await vscode.window.showOpenDialog({ filters: { YAML: ['yaml', 'yml'] }, title: 'NIMService manifest to fix' }))?.[0];
  if (!file) return;
  const document = await vscode.workspace.openTextDocument(file);
  const nim = findNimServiceDocument(document.getText(), ref.kind === 'nimservice' ? ref.name : undefined);
  const edits = nim && manifestFixEdits(nim, f.manifestFix);
  if (!edits) return void vscode.window.showWarningMessage(`Cannot apply the fix to ${vscode.workspace.asRelativePath(file)}: ${f.fix}`);
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(file, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(document);
}
