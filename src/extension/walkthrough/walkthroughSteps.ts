import * as vscode from 'vscode';

/**
 * Get Started walkthrough (package.json `contributes.walkthroughs`): a step whose completion needs more than a
 * command having run completes on `onContext:<key>`, and the feature that did the work sets the key. VS Code keeps
 * a completed step completed, so the keys need not outlive the window.
 */
export const WALKTHROUGH_DONE = {
  clusterConnected: 'inferenceEndpointStudio.walkthrough.clusterConnected',
  quickFixApplied: 'inferenceEndpointStudio.walkthrough.quickFixApplied',
  launched: 'inferenceEndpointStudio.walkthrough.launched',
  healthChecked: 'inferenceEndpointStudio.walkthrough.healthChecked',
  playgroundAnswered: 'inferenceEndpointStudio.walkthrough.playgroundAnswered',
} as const;

export type WalkthroughStep = keyof typeof WALKTHROUGH_DONE;

const done = new Set<WalkthroughStep>();

export function markWalkthroughStep(step: WalkthroughStep): void {
  if (done.has(step)) return;
  done.add(step);
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_DONE[step], true);
}
