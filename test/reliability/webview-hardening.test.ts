// Webview hardening: the playground's CSP and nonce, the folders it may load from, every message schema fuzzed in
// both directions, and the built bundle in real Chromium under that CSP, fed malformed and hostile messages.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PLAYGROUND_RESOURCE_FOLDERS, playgroundHtml } from '../../src/extension/playground/playgroundHtml.js';
import { hostMessageSchema, webviewMessageSchema } from '../../src/messages/playgroundMessages.js';
import { chromiumPath } from '../e2e/harness/paths.js';
import { printFigure } from './figures.js';
import { Random, seedFromEnv } from './fuzz/random.js';
import { hostSamples, webviewSamples } from './webview/messageSamples.js';
import { malformedVariants, paths } from './webview/mutateMessage.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(content, 'the page declares a CSP');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('the playground page', () => {
  const uris = { script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', style: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/playground.css', cspSource: 'https://*.vscode-cdn.net' };

  test('CSP: nothing by default, no unsafe-inline or unsafe-eval, scripts only with the nonce', () => {
    const html = playgroundHtml(uris);
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    const all = [...csp.values()].flat();
    for (const banned of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:']) assert.ok(!all.includes(banned), `CSP has no ${banned}`);
    const nonce = /'nonce-([^']+)'/.exec(csp.get('script-src')!.join(' '))?.[1];
    assert.ok(nonce, 'script-src carries a nonce');
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`], 'scripts only by nonce');
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `every script carries the nonce: ${tag}`);
    assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handlers');
    assert.ok(!/\sstyle\s*=/i.test(html), 'no inline style attributes');
    assert.ok(!/<script\b[^>]*>[^<]+<\/script>/.test(html), 'no inline script bodies');
  });

  test('a fresh, high-entropy nonce per load', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 200; i++) nonces.add(/'nonce-([^']+)'/.exec(playgroundHtml(uris))![1]);
    assert.equal(nonces.size, 200);
    for (const nonce of nonces) assert.ok(Buffer.from(nonce, 'base64').length >= 16, 'at least 128 bits');
  });

  test('local resources only from media/ and the bundle folder, and the page references nothing else', () => {
    assert.deepEqual([...PLAYGROUND_RESOURCE_FOLDERS], ['dist', 'media']);
    const html = playgroundHtml(uris);
    const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(referenced.sort(), [uris.script, uris.style].sort());
  });

  test('the webview sources never build HTML from strings', () => {
    const dir = join(repo, 'webview');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const sink of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML\(/, /document\.write/, /\beval\(/, /new Function\(/]) assert.ok(!sink.test(source), `${file} uses ${sink}`);
    }
  });
});

const OPTIONAL_FIELDS = new Set(['selectedKey', 'model', 'width', 'height', 'prescaled', 'warning', 'path', 'status', 'error', 'caption', 'edit', 'processingTime', 'seed', 'steps', 'guidanceScale', 'trueCfgScale', 'ttftMs', 'tokensPerSecond', 'completionTokens', 'p50', 'p95', 'min', 'max', 'mean', 'inputThumbnail', 'resultThumbnail', 'rawResponse', 'kind', 'image', 'baseUrl', 'endpointKey', 'timeoutMs',
  // Load tab and telemetry: optional by design (a duration instead of a count, an SLO bound not given, a metric the engine does not expose).
  'requestsPerLevel', 'inputTokens', 'tpotMs', 'concurrency', 'e2eP50', 'ttftP50', 'p90', 'p99', 'http', 'running', 'waiting', 'kvCacheUsage', 'utilization', 'fbUsedMiB']);

/** Fields whose schema allows null (`knee: null`: no level met the SLO). */
const NULLABLE_FIELDS = new Set(['knee']);

test('every message schema, both directions, rejects malformed payloads', () => {
  const seed = seedFromEnv('FUZZ_SEED');
  const random = new Random(seed);
  let fuzzed = 0;
  const accepted: string[] = [];
  const directions = [
    { name: 'webview→host', schema: webviewMessageSchema, samples: webviewSamples },
    { name: 'host→webview', schema: hostMessageSchema, samples: hostSamples },
  ];
  const types = new Set<string>();
  for (const { name, schema, samples } of directions) {
    for (const sample of samples) {
      types.add(`${name}:${sample.type}`);
      assert.ok(schema.safeParse(sample).success, `${name} sample ${sample.type} is valid: ${JSON.stringify(schema.safeParse(sample).error?.issues[0])}`);
      for (const { description, payload } of malformedVariants(sample, random, NULLABLE_FIELDS)) {
        fuzzed++;
        if (schema.safeParse(payload).success) accepted.push(`${name} ${sample.type}: ${description}`);
      }
      for (const path of paths(sample)) {
        if (typeof path.at(-1) === 'number') continue;
        const copy = JSON.parse(JSON.stringify(sample));
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key];
        delete parent[path.at(-1)!];
        fuzzed++;
        const ok = schema.safeParse(copy).success;
        const optional = OPTIONAL_FIELDS.has(String(path.at(-1))) || (sample.type === 'loadJob' && path[0] === 'target');
        if (ok && !optional) accepted.push(`${name} ${sample.type}: without ${path.join('.')}`);
      }
    }
  }
  const schemaTypes = (schema: typeof webviewMessageSchema | typeof hostMessageSchema) => schema.options.map((o) => (o.shape.type as { value: string }).value);
  for (const t of schemaTypes(webviewMessageSchema)) assert.ok(types.has(`webview→host:${t}`), `a sample of webview→host ${t}`);
  for (const t of schemaTypes(hostMessageSchema)) assert.ok(types.has(`host→webview:${t}`), `a sample of host→webview ${t}`);
  printFigure('webview-schemas', { seed, messageTypes: types.size, fuzzedPayloads: fuzzed, acceptedMalformed: accepted.length });
  assert.deepEqual(accepted, []);
});

test('what reaches <img src> is a raster data URL or plain base64, never a script or remote URL', () => {
  const [imageMessage] = hostSamples.filter((m) => m.type === 'image');
  const history = hostSamples.find((m) => m.type === 'history')!;
  const hostile = ['javascript:alert(1)', 'https://evil.example/x.png', 'data:text/html;base64,PHNjcmlwdD4=', 'data:image/svg+xml;base64,PHN2Zz4=', 'iVBOR"onerror="x'];
  for (const value of hostile) {
    assert.ok(!hostMessageSchema.safeParse({ ...history, entries: [{ ...(history as { entries: object[] }).entries[0], inputThumbnail: value }] }).success, `thumbnail ${value}`);
    assert.ok(!hostMessageSchema.safeParse({ ...imageMessage, image: { ...(imageMessage as { image: object }).image, base64: value } }).success, `image base64 ${value}`);
  }
  assert.ok(!hostMessageSchema.safeParse({ ...imageMessage, image: { ...(imageMessage as { image: object }).image, mediaType: 'image/svg+xml' } }).success, 'SVG media type');
});

describe('the built webview in Chromium under its CSP', { skip: !existsSync(chromiumPath) || !existsSync(join(repo, 'dist/webview.js')) ? 'needs Chromium (scripts/e2e/install.mjs) and a build' : false }, () => {
  let browser: Browser;
  let page: Page;
  let server: ReturnType<typeof createServer>;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      if (req.url === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(playgroundHtml({ script: `${origin}/dist/webview.js`, style: `${origin}/media/playground.css`, chartStyle: `${origin}/dist/webview.css`, cspSource: origin }));
        return;
      }
      const [folder, ...rest] = (req.url ?? '').slice(1).split('/');
      if (!(PLAYGROUND_RESOURCE_FOLDERS as readonly string[]).includes(folder) || rest.some((p) => p === '..')) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = readFileSync(join(repo, folder, ...rest));
        res.writeHead(200, { 'Content-Type': req.url!.endsWith('.js') ? 'text/javascript' : req.url!.endsWith('.css') ? 'text/css' : 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
    // A string, not a function: the test's own transpiler would add helpers the page does not have.
    await page.addInitScript(`
      window.__posted = [];
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample));
      let state;
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => { state = s; } });
    `);
    page.on('requestfailed', (r) => consoleErrors.push(`request failed ${r.url()}`));
    page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`${r.status()} ${r.url()}`); });
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    // Polled with evaluate (CDP, outside the page's CSP): waitForFunction's own eval would count as a violation.
    const deadline = Date.now() + 15_000;
    while (!(await page.evaluate('window.__posted.some((m) => m.type === "ready")'))) {
      if (Date.now() > deadline) {
        const violations = await page.evaluate('window.__violations');
        throw new Error(`the webview never said ready; page errors ${JSON.stringify(pageErrors)}, console errors ${JSON.stringify(consoleErrors)}, CSP violations ${JSON.stringify(violations)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('renders with no CSP violation, ignores every malformed message with a logged reason, and shows endpoint text as text', async () => {
    const post = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
    await post(hostSamples[0]);
    await page.getByText('edit-e2e (vllm-omni)').first().waitFor({ state: 'attached', timeout: 10_000 });

    const random = new Random(seedFromEnv('FUZZ_SEED'));
    let sent = 0;
    for (const sample of hostSamples) {
      for (const { payload } of malformedVariants(sample, random, NULLABLE_FIELDS).filter((_, i) => i % 3 === 0)) {
        // Built in the page with JSON.parse, which keeps own `__proto__` keys that Playwright's serializer would drop;
        // structured clone refuses some payloads (too deep), and those never reach the listener.
        const reached = await page.evaluate((json) => {
          try {
            window.postMessage(JSON.parse(json), '*');
            return true;
          } catch {
            return false;
          }
        }, JSON.stringify(payload) ?? 'null');
        if (reached) sent++;
      }
    }
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await post({ type: 'notice', level: 'error', message: hostile });
    await page.getByText(hostile).first().waitFor({ timeout: 10_000 });
    for (let settled = -1; settled !== consoleErrors.length; ) {
      settled = consoleErrors.length;
      await page.waitForTimeout(300);
    }
    const result = await page.evaluate(() => ({
      violations: (window as unknown as { __violations: string[] }).__violations,
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      injectedImages: document.querySelectorAll('img[src="x"]').length,
    }));
    const ignored = consoleErrors.filter((e) => e.startsWith('playground: ignored malformed')).length;
    printFigure('webview-chromium', { malformedPosted: sent, ignoredWithReason: ignored, cspViolations: result.violations.length, pageErrors: pageErrors.length });
    assert.deepEqual(result.violations, [], 'no CSP violation');
    assert.deepEqual(pageErrors, [], 'no uncaught exception');
    assert.equal(result.pwned, undefined);
    assert.equal(result.injectedImages, 0);
    assert.equal(ignored, sent, 'every malformed message that reached the page is ignored with a logged reason');
  });

  test('the Load tab\'s chart and the dashboard draw with uPlot under the CSP: canvas, data points, numbers beside the chart', async () => {
    const post = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
    await page.locator('#modeLoad').click();
    const url = page.locator('#baseUrl input');
    await url.fill('http://127.0.0.1:9/v1');
    await url.press('Tab');
    await page.locator('#loadRun').click();
    const run = await page.evaluate('window.__posted.filter((m) => m.type === "loadRun").at(-1)') as { requestId: string; target: { endpointKey: string }; settings: { concurrency: number[] } } | undefined;
    assert.ok(run, 'Run load test sent loadRun');
    assert.deepEqual(run.settings.concurrency, [1, 2, 4, 8]);
    const at = Date.now();
    const level = hostSamples.find((m) => m.type === 'loadLevel')!;
    await post({ type: 'loadStarted', requestId: run.requestId, levels: [1], at });
    await post({ type: 'loadProgress', requestId: run.requestId, fraction: 0.5, label: 'level 1 of 1 (1 concurrent): 2 of 4 requests, 0 errors', concurrency: 1, e2eP50: 120, ttftP50: 30 });
    await post({ type: 'telemetry', source: 'load', endpointKey: run.target.endpointKey, sample: { at: at + 500, running: 1, waiting: 0, kvCacheUsage: 0.25, gpus: [] } });
    await post({ ...level, requestId: run.requestId, level: { ...(level as { level: object }).level, endedAt: at + 1000 } });
    await post({ type: 'loadDone', requestId: run.requestId, cancelled: false, summary: 'No level meets the SLO.', knee: null });
    await page.locator('#loadKnee').filter({ hasText: 'No level meets the SLO.' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#loadResults tbody tr').count(), 1);
    assert.ok(Number(await page.locator('#loadChart').getAttribute('data-points')) >= 3);
    assert.equal(await page.locator('#loadChart canvas').count(), 1);
    assert.match(await page.locator('#loadEngine').textContent() ?? '', /running 1 · waiting 0 · KV cache 25\.0 %/);

    await page.locator('#modeDashboard').click();
    const watch = await page.evaluate('window.__posted.filter((m) => m.type === "dashboardWatch").at(-1)') as { target: { endpointKey: string } } | undefined;
    assert.equal(watch?.target.endpointKey, run.target.endpointKey, 'the dashboard watches the endpoint the panel is on');
    await post({ type: 'telemetry', source: 'dashboard', endpointKey: watch.target.endpointKey, sample: { at: Date.now(), engine: 'vLLM (current metric names)', running: 3, waiting: 1, kvCacheUsage: 0.42, ttftMs: { p50: 40, p90: 80, p99: 95, count: 12 }, gpus: [], gpuNote: 'no dcgm-exporter here' } });
    await page.locator('#dashRunning').filter({ hasText: '3' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('#dashKv').textContent(), '42.0 %');
    assert.equal(await page.locator('#dashGpus').textContent(), 'no dcgm-exporter here');
    assert.equal(await page.locator('#dashChart canvas').count(), 1);
    await page.locator('#modeCaption').click();
    assert.ok(await page.evaluate('window.__posted.some((m) => m.type === "dashboardStop")'), 'leaving the tab stops the watch');
    assert.deepEqual(await page.evaluate('window.__violations'), [], 'no CSP violation from the charts');
    assert.deepEqual(pageErrors, []);
  });
});
