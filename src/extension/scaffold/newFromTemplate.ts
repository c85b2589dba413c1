import * as vscode from 'vscode';
import { mayWrite } from '../files.js';
import { listTemplates, parameterDefaults, renderScaffold, ScaffoldError, validateParameterInput, type ScaffoldTemplate } from '../../core/scaffold/index.js';

export { NEW_FROM_TEMPLATE } from './commandIds.js';

/**
 * "New NIMService from Template…": pick a template, answer its parameters (validated as you type), then open
 * the result as an untitled document or save it to a file — an existing file is only replaced after a modal yes.
 */
export async function newFromTemplate(templatesDir: string): Promise<void> {
  let templates: ScaffoldTemplate[];
  try {
    templates = listTemplates(templatesDir);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot load the manifest templates: ${(error as Error).message}`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    templates.map((template) => ({ label: template.title, description: template.category === 'endpoint' ? undefined : template.category, detail: template.description, template })),
    { title: 'New NIMService from Template', placeHolder: 'Choose a template', matchOnDetail: true },
  );
  if (!picked) return;

  const values: Record<string, string> = {};
  const parameters = parameterDefaults(picked.template);
  for (const [step, parameter] of parameters.entries()) {
    const value = await vscode.window.showInputBox({
      title: `${picked.template.title} (${step + 1}/${parameters.length})`,
      prompt: parameter.prompt,
      placeHolder: parameter.optional ? 'empty: leave it out' : undefined,
      value: parameter.defaultText,
      ignoreFocusOut: true,
      validateInput: (text) => validateParameterInput(parameter.name, text),
    });
    if (value === undefined) return;
    values[parameter.name] = value;
  }

  let rendered;
  try {
    rendered = renderScaffold(picked.template, values);
  } catch (error) {
    const message = error instanceof ScaffoldError ? error.message : `unexpected error: ${(error as Error).message}`;
    void vscode.window.showErrorMessage(`Cannot render ${picked.template.title}: ${message}`);
    return;
  }

  const destination = await vscode.window.showQuickPick(
    [
      { label: '$(new-file) Open as Untitled Document', id: 'untitled' as const },
      { label: '$(save) Save to File…', description: rendered.fileName, id: 'file' as const },
    ],
    { title: 'Where should the manifest go?' },
  );
  if (!destination) return;
  if (destination.id === 'untitled') {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: rendered.text });
    await vscode.window.showTextDocument(document);
  } else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Save the manifest',
      defaultUri: folder ? vscode.Uri.joinPath(folder, rendered.fileName) : undefined,
      filters: { YAML: ['yaml', 'yml'] },
    });
    if (!target) return;
    if (!(await mayWrite(target))) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(rendered.text));
    await vscode.window.showTextDocument(target);
  }
  if (picked.template.secrets.length) {
    void vscode.window.showInformationMessage(
      `This endpoint reads the Secrets ${picked.template.secrets.join(', ')} in namespace ${values.namespace ?? 'its namespace'}: scaffold them from the Secret templates and fill in your own values (never commit them).`,
    );
  }
}
