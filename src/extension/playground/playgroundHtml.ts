import { randomBytes } from 'node:crypto';

export interface HtmlUris {
  script: string;
  style: string;
  /** The webview bundle's own stylesheet (the chart library's), built beside webview.js. */
  chartStyle?: string;
  cspSource: string;
}

/** The only folders the webview may load from: the webview bundle and its stylesheet/icons. */
export const PLAYGROUND_RESOURCE_FOLDERS = ['dist', 'media'] as const;

/** Strict CSP: nothing remote, scripts only with this page's nonce, images from data: URLs and the extension. */
export function playgroundHtml(uris: HtmlUris, nonce = randomBytes(16).toString('base64')): string {
  const csp = [
    "default-src 'none'",
    `img-src ${uris.cspSource} data: blob:`,
    `style-src ${uris.cspSource} 'nonce-${nonce}'`,
    `font-src ${uris.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" href="${uris.style}" nonce="${nonce}">${uris.chartStyle ? `\n<link rel="stylesheet" href="${uris.chartStyle}" nonce="${nonce}">` : ''}
<title>Inference Playground</title>
</head>
<body>
<div id="app" aria-live="polite">Loading the playground…</div>
<script nonce="${nonce}" src="${uris.script}"></script>
</body>
</html>`;
}
