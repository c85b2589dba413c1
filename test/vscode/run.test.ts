// `npm run test:vscode`: the @vscode/test-electron suite in desktop VS Code. It needs VS Code: VSCODE_EXECUTABLE
// pointing at one, or IES_VSCODE_DOWNLOAD=1 to download it. Otherwise it reports itself SKIPPED with the reason
// (the same checks run in real VS Code in the browser through the e2e suite).
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const suiteOut = fileURLToPath(new URL('../../out/vscode-suite/index.js', import.meta.url));

async function findVsCode(): Promise<{ path?: string; reason?: string }> {
  const given = process.env.VSCODE_EXECUTABLE;
  if (given) return existsSync(given) ? { path: given } : { reason: `VSCODE_EXECUTABLE=${given} does not exist` };
  if (process.env.IES_VSCODE_DOWNLOAD !== '1') {
    return { reason: 'no desktop VS Code here: set VSCODE_EXECUTABLE to a VS Code binary, or IES_VSCODE_DOWNLOAD=1 to let @vscode/test-electron download one (needs the internet)' };
  }
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 20 s')), 20_000).unref());
    return { path: await Promise.race([downloadAndUnzipVSCode({ version: 'stable' }), timeout]) };
  } catch (error) {
    return { reason: `VS Code could not be downloaded (${(error as Error).message.split('\n')[0]}); set VSCODE_EXECUTABLE to a VS Code binary instead` };
  }
}

test('extension-host suite in desktop VS Code', async (t) => {
  const vscode = await findVsCode();
  if (vscode.reason) {
    console.log(`# SKIPPED: ${vscode.reason}`);
    t.skip(vscode.reason);
    return;
  }
  await esbuild.build({ entryPoints: [fileURLToPath(new URL('./suite/index.ts', import.meta.url))], outfile: suiteOut, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
  await runTests({ vscodeExecutablePath: vscode.path!, extensionDevelopmentPath: repo, extensionTestsPath: suiteOut, launchArgs: ['--disable-extensions', '--disable-workspace-trust'] });
});
