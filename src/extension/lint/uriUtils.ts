import * as vscode from 'vscode';

export const Utils = {
  dirname(uri: vscode.Uri): vscode.Uri {
    const path = uri.path.replace(/\/[^/]*$/, '') || '/';
    return uri.with({ path });
  },
};
