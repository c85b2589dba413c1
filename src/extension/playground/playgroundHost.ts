// The extension-host side of the playground: runs every request through src/core clients, keeps history, and
// talks to the webview only in validated messages. API keys are read here and never posted.
import { withOrigin } from '../../core/endpoints/baseUrl.js';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import type { RegisteredEndpoint } from '../../core/endpoints/registeredEndpoint.js';
import { createDispatcher } from '../../core/http/dispatcher.js';
import type { ProxyChoice } from '../../core/http/proxy.js';
import { bytesToBase64 } from '../../core/image/index.js';
import {
  addHistoryEntry, buildEditRequest, captionRequestFor, clearHistory, findHistoryEntry, historyOf, imageDimensions, latencyStats,
  mediaTypeOf, prepareCaptionImage, renderCurl, runCaption, runEdit, sniffPlaygroundImage, thumbnailDataUrl,
  type CaptionImageInput, type CaptionOutcome, type EditOutcome, type HistoryEntry, type HistoryStore, type PlaygroundTarget,
} from '../../core/playground/index.js';
import { describeRequest } from '../../core/playground/rawExchange.js';
import { hostMessageSchema, type EndpointChoice, type HostMessage, type ImageInfo, type ImageInput, type Job, type PlaygroundTargetMessage, type WebviewMessage } from '../../messages/playgroundMessages.js';
import { base64Bytes, captionParamsOf, editParamsOf } from './jobMapping.js';
import { LoadRunner, type ResolvedTarget } from './loadRunner.js';

export interface PlaygroundHostDeps {
  endpoints(): RegisteredEndpoint[];
  apiKey(endpointKey: string): Thenable<string | undefined> | Promise<string | undefined>;
  promptApiKey(endpointKey: string, label: string): Promise<void>;
  proxyFor(url: string): ProxyChoice;
  history: { get(): HistoryStore; set(store: HistoryStore): Thenable<void> | Promise<void> };
  pickImage(): Promise<{ path: string; bytes: Uint8Array } | undefined>;
  saveImage(name: string, bytes: Uint8Array): Promise<string | undefined>;
  copy(text: string): Thenable<void> | Promise<void>;
  post(message: HostMessage): void;
  log(line: string): void;
  /** Local origin of a cluster endpoint's port-forward (health feature); undefined: its URL is used as it is. */
  reach?(endpointKey: string): Promise<string | undefined>;
  /** Load tab: Save JSON (asks before replacing a file) and the images folder. */
  saveJson?(suggestedName: string, text: string): Promise<string | undefined>;
  pickFolder?(): Promise<string | undefined>;
  /** Scrapes the endpoint's engine metrics every few seconds (Load runs, the dashboard); the returned function stops it. */
  watchTelemetry?(request: { target: PlaygroundTargetMessage; resolved: ResolvedTarget; endpoint?: RegisteredEndpoint; source: 'load' | 'dashboard' }): () => void;
}

export class PlaygroundHost {
  private readonly running = new Map<string, AbortController>();
  private readonly dispatchers = new Map<string, { signature: string; dispatcher: Dispatcher }>();
  private selectedKey?: string;
  private readonly load: LoadRunner;
  private stopDashboard?: () => void;
  /** What the dashboard watches (kept while the panel is hidden, to resume when it shows again). */
  private dashboardTarget?: PlaygroundTargetMessage;
  private visible = true;

  /** `initialTab`: the tab the panel opens on (Open Dashboard), told once the webview is ready. */
  constructor(private readonly deps: PlaygroundHostDeps, initialKey?: string, private initialTab?: 'dashboard' | 'load') {
    this.selectedKey = initialKey;
    this.load = new LoadRunner({
      resolve: (target) => this.resolveTarget(target),
      post: (message) => this.post(message),
      saveJson: (name, text) => deps.saveJson?.(name, text) ?? Promise.resolve(undefined),
      pickFolder: () => deps.pickFolder?.() ?? Promise.resolve(undefined),
      watchTelemetry: deps.watchTelemetry
        ? (target, resolved) => deps.watchTelemetry!({ target, resolved, endpoint: this.endpointOf(target.endpointKey), source: 'load' })
        : undefined,
    });
  }

  private endpointOf(key: string): RegisteredEndpoint | undefined {
    return this.deps.endpoints().find((e) => e.key === key);
  }

  /** The dashboard follows one endpoint at a time; a new target replaces the old one. */
  private async watchDashboard(target: PlaygroundTargetMessage): Promise<void> {
    this.stopDashboard?.();
    this.stopDashboard = undefined;
    this.dashboardTarget = target;
    if (!this.deps.watchTelemetry || !this.visible) return;
    try {
      const resolved = await this.resolveTarget(target);
      this.stopDashboard = this.deps.watchTelemetry({ target, resolved, endpoint: this.endpointOf(target.endpointKey), source: 'dashboard' });
    } catch (error) {
      this.post({ type: 'notice', level: 'error', message: (error as Error).message });
    }
  }

  /** Validates outgoing messages too: a bug here must not send the webview something it cannot read. */
  private post(message: HostMessage): void {
    const checked = hostMessageSchema.safeParse(message);
    if (!checked.success) {
      this.deps.log(`playground: dropped an invalid ${message.type} message: ${checked.error.issues[0]?.message}`);
      return;
    }
    this.deps.post(checked.data);
  }

  async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.post({ type: 'init', endpoints: await this.endpointChoices(), selectedKey: this.selectedKey });
        if (this.selectedKey) this.postHistory(this.selectedKey);
        if (this.initialTab) this.showTab(this.initialTab, this.selectedKey);
        this.initialTab = undefined;
        return;
      }
      case 'pickImage': {
        const picked = await this.deps.pickImage();
        if (picked) this.postImage(message.slot, { name: picked.path.split(/[\\/]/).pop() ?? 'image', base64: bytesToBase64(picked.bytes), path: picked.path });
        return;
      }
      case 'inspectImage':
        this.postImage(message.slot, message.image);
        return;
      case 'run':
        await this.run(message.requestId, message.target, message.job, message.repeat);
        return;
      case 'cancel':
        this.running.get(message.requestId)?.abort();
        return;
      case 'loadRun':
        await this.load.run(message.requestId, message.target, message.settings);
        return;
      case 'loadCancel':
        this.load.cancel(message.requestId);
        return;
      case 'loadSave':
        await this.load.save(message.requestId);
        return;
      case 'pickImagesFolder':
        await this.load.pickFolder();
        return;
      case 'dashboardWatch':
        await this.watchDashboard(message.target);
        return;
      case 'dashboardStop':
        this.stopDashboard?.();
        this.stopDashboard = undefined;
        this.dashboardTarget = undefined;
        return;
      case 'copyCurl':
        await this.copyCurl(message.target, message.job);
        return;
      case 'saveResult': {
        const saved = await this.deps.saveImage(message.name, base64Bytes(message.base64));
        if (saved) this.post({ type: 'notice', level: 'info', message: `Saved ${saved}` });
        return;
      }
      case 'selectEndpoint':
        this.selectedKey = message.endpointKey;
        this.postHistory(message.endpointKey);
        return;
      case 'rerun':
        await this.rerun(message.historyId);
        return;
      case 'clearHistory':
        await this.deps.history.set(clearHistory(this.deps.history.get(), message.endpointKey));
        this.postHistory(message.endpointKey);
        return;
      case 'setApiKey': {
        const endpoint = this.deps.endpoints().find((e) => e.key === message.endpointKey);
        await this.deps.promptApiKey(message.endpointKey, endpoint?.name ?? message.endpointKey.replace(/^custom:/, ''));
        this.post({ type: 'endpoints', endpoints: await this.endpointChoices() });
        return;
      }
    }
  }

  /** The panel was hidden (another editor in front) or shown again: the dashboard stops scraping meanwhile. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.stopDashboard?.();
      this.stopDashboard = undefined;
    } else if (this.dashboardTarget) {
      void this.watchDashboard(this.dashboardTarget);
    }
  }

  /** Shows a tab on an endpoint (Open Dashboard on a panel that is already open). */
  showTab(tab: 'dashboard' | 'load', endpointKey?: string): void {
    if (endpointKey) this.selectedKey = endpointKey;
    this.post({ type: 'showTab', tab, endpointKey });
  }

  async refreshEndpoints(): Promise<void> {
    this.post({ type: 'endpoints', endpoints: await this.endpointChoices() });
  }

  dispose(): void {
    this.load.dispose();
    this.stopDashboard?.();
    for (const c of this.running.values()) c.abort();
    for (const d of this.dispatchers.values()) d.dispatcher.close().catch(() => {});
  }

  private async endpointChoices(): Promise<EndpointChoice[]> {
    return Promise.all(this.deps.endpoints().map(async (e) => ({
      key: e.key, name: e.name, baseUrl: e.baseUrl, kind: e.kind, model: e.expectedModel, hasApiKey: Boolean(await this.deps.apiKey(e.key)),
    })));
  }

  private postImage(slot: 'caption' | 'edit', image: ImageInput): void {
    const bytes = base64Bytes(image.base64);
    const format = sniffPlaygroundImage(bytes);
    if (!format) {
      this.post({ type: 'notice', level: 'error', message: `${image.name} is not a PNG, JPEG or WebP image.` });
      return;
    }
    const dims = imageDimensions(bytes);
    const info: ImageInfo = { name: image.name, base64: image.base64, path: image.path, mediaType: mediaTypeOf(format), bytes: bytes.length, width: dims?.width, height: dims?.height };
    if (slot === 'caption') {
      try {
        const prepared = prepareCaptionImage(bytes);
        info.prescaled = { width: prepared.width, height: prepared.height, base64Length: prepared.base64Length, steps: prepared.steps };
        info.warning = prepared.warning;
      } catch (error) {
        info.warning = (error as Error).message;
      }
    } else if (format === 'webp') info.warning = 'WebP goes to the server as it is; whether it accepts it depends on the server.';
    this.post({ type: 'image', slot, image: info });
  }

  private async resolveTarget(target: PlaygroundTargetMessage): Promise<{ target: PlaygroundTarget; dispatcher: Dispatcher; viaProxy: boolean }> {
    const endpoint = this.deps.endpoints().find((e) => e.key === target.endpointKey);
    const apiKey = (await this.deps.apiKey(target.endpointKey)) || undefined;
    // An in-cluster URL is not reachable from here: go through the endpoint's port-forward.
    const origin = endpoint?.cluster ? await this.deps.reach?.(endpoint.key) : undefined;
    if (endpoint?.cluster && !origin) throw new Error(`${endpoint.name} is inside the cluster and no pod could be port-forwarded to: is it Ready?`);
    const baseUrl = origin ? withOrigin(target.baseUrl, origin) : target.baseUrl;
    const proxy = origin ? {} : this.deps.proxyFor(target.baseUrl);
    const signature = JSON.stringify([endpoint?.caFile, endpoint?.insecureTls, proxy, target.timeoutMs]);
    let cached = this.dispatchers.get(target.endpointKey);
    if (cached?.signature !== signature) {
      cached?.dispatcher.close().catch(() => {});
      cached = { signature, dispatcher: createDispatcher({ caFile: endpoint?.caFile, insecureTls: endpoint?.insecureTls, timeoutMs: target.timeoutMs, ...proxy }) };
      this.dispatchers.set(target.endpointKey, cached);
    }
    return {
      target: { baseUrl, model: target.model || undefined, apiKey, headers: endpoint?.headers },
      dispatcher: cached.dispatcher,
      viaProxy: Boolean(proxy.proxyUrl),
    };
  }

  private async run(requestId: string, targetMessage: PlaygroundTargetMessage, job: Job, repeat: number): Promise<void> {
    const controller = new AbortController();
    this.running.set(requestId, controller);
    const samples: Array<{ ms: number; ok: boolean }> = [];
    let last: CaptionOutcome | EditOutcome | undefined;
    try {
      const { target, dispatcher, viaProxy } = await this.resolveTarget(targetMessage);
      const send = { dispatcher, viaProxy, signal: controller.signal, timeoutMs: targetMessage.timeoutMs };
      let captionPrepared: ReturnType<typeof prepareCaptionImage> | undefined;
      for (let run = 1; run <= repeat && !controller.signal.aborted; run++) {
        if (job.mode === 'caption') {
          const params = captionParamsOf(job.form);
          const input: CaptionImageInput = job.form.dialect === 'url' ? { url: job.form.imageUrl } : { bytes: base64Bytes(requireImage(job.image).base64) };
          const built = captionRequestFor(target, params, input, { image: { prescale: job.form.prescale }, prepared: captionPrepared });
          captionPrepared = built.image;
          this.post({ type: 'started', requestId, run, of: repeat, rawRequest: describeRequest(built.request, Boolean(target.apiKey)) });
          const outcome = await runCaption(target, params, input, { ...send, prepared: captionPrepared, onDelta: (added) => this.post({ type: 'delta', requestId, text: added }) });
          last = outcome;
          this.post({
            type: 'result', requestId, run, of: repeat, ok: outcome.ok, status: outcome.status, latencyMs: outcome.latencyMs, rawRequest: outcome.rawRequest, rawResponse: outcome.rawResponse,
            ...(outcome.ok ? { caption: { text: outcome.text, ttftMs: outcome.ttftMs, tokensPerSecond: outcome.tokensPerSecond, completionTokens: outcome.completionTokens } } : { error: outcome.error }),
          });
        } else {
          const params = editParamsOf(job.form);
          const images = job.images.map((i) => ({ name: i.name, bytes: base64Bytes(i.base64) }));
          this.post({ type: 'started', requestId, run, of: repeat, rawRequest: describeRequest(buildEditRequest(target, params, images), Boolean(target.apiKey)) });
          const outcome = await runEdit(target, params, images, send);
          last = outcome;
          this.post({
            type: 'result', requestId, run, of: repeat, ok: outcome.ok, status: outcome.status, latencyMs: outcome.latencyMs, rawRequest: outcome.rawRequest, rawResponse: outcome.rawResponse,
            ...(outcome.ok ? {
              edit: {
                images: outcome.result.images.map((bytes) => ({ base64: bytesToBase64(bytes), ...imageDimensions(bytes) })),
                processingTime: outcome.result.processingTime,
                seed: outcome.result.seed ?? params.seed,
              },
            } : { error: outcome.error }),
          });
        }
        samples.push({ ms: last.latencyMs, ok: last.ok });
        if (repeat > 1) this.post({ type: 'stats', requestId, stats: latencyStats(samples) });
      }
      if (last) await this.remember(targetMessage, job, last, samples.length);
    } catch (error) {
      this.post({ type: 'notice', level: 'error', message: (error as Error).message });
    } finally {
      this.running.delete(requestId);
      this.post({ type: 'done', requestId });
    }
  }

  private async remember(target: PlaygroundTargetMessage, job: Job, outcome: CaptionOutcome | EditOutcome, runs: number): Promise<void> {
    const inputs = job.mode === 'caption' ? (job.image ? [job.image] : []) : job.images;
    const firstInput = inputs[0] ? base64Bytes(inputs[0].base64) : undefined;
    const resultBytes = 'result' in outcome && outcome.ok ? outcome.result.images[0] : undefined;
    const summary = !outcome.ok ? outcome.error.message : 'text' in outcome ? outcome.text : `${(outcome as Extract<EditOutcome, { ok: true }>).result.images.length} image(s)`;
    const entry: HistoryEntry = {
      id: randomUUID(),
      at: new Date().toISOString(),
      endpointKey: target.endpointKey,
      mode: job.mode,
      form: { ...job.form, baseUrl: target.baseUrl, model: target.model, timeoutMs: target.timeoutMs, ...(job.mode === 'edit' && 'result' in outcome && outcome.ok && outcome.result.seed !== undefined ? { seed: outcome.result.seed } : {}) },
      imagePaths: inputs.map((i) => i.path).filter((p): p is string => Boolean(p)),
      imageNames: inputs.map((i) => i.name),
      ok: outcome.ok,
      status: outcome.status,
      latencyMs: outcome.latencyMs,
      summary: runs > 1 ? `${runs} runs · ${summary}` : summary,
      inputThumbnail: firstInput ? thumbnailDataUrl(firstInput) : undefined,
      resultThumbnail: resultBytes ? thumbnailDataUrl(resultBytes) : undefined,
    };
    await this.deps.history.set(addHistoryEntry(this.deps.history.get(), entry));
    this.postHistory(target.endpointKey);
  }

  private postHistory(endpointKey: string): void {
    const entries = historyOf(this.deps.history.get(), endpointKey).map((e) => ({
      id: e.id, at: e.at, mode: e.mode, ok: e.ok, status: e.status, latencyMs: e.latencyMs, summary: e.summary,
      inputThumbnail: e.inputThumbnail, resultThumbnail: e.resultThumbnail,
      canRerun: e.mode === 'caption' && (e.form as { dialect?: string }).dialect === 'url' ? true : e.imagePaths.length === e.imageNames.length,
    }));
    this.post({ type: 'history', endpointKey, entries });
  }

  private async rerun(historyId: string): Promise<void> {
    const entry = findHistoryEntry(this.deps.history.get(), historyId);
    if (!entry) return;
    const images: ImageInput[] = [];
    for (const path of entry.imagePaths) {
      try {
        images.push({ name: path.split(/[\\/]/).pop() ?? 'image', base64: bytesToBase64(await readFile(path)), path });
      } catch (error) {
        this.post({ type: 'notice', level: 'error', message: `cannot re-read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        return;
      }
    }
    const { baseUrl, model, timeoutMs, ...form } = entry.form as Record<string, unknown>;
    const target = { endpointKey: entry.endpointKey, baseUrl: String(baseUrl ?? ''), model: String(model ?? ''), timeoutMs: Number(timeoutMs ?? 120_000) };
    const job = entry.mode === 'caption' ? { mode: 'caption' as const, form: form as never, image: images[0] } : { mode: 'edit' as const, form: form as never, images };
    this.post({ type: 'loadJob', target, job });
  }

  private async copyCurl(targetMessage: PlaygroundTargetMessage, job: Job): Promise<void> {
    try {
      const { target } = await this.resolveTarget(targetMessage);
      let request;
      let names: string[] = [];
      if (job.mode === 'caption') {
        const input: CaptionImageInput = job.form.dialect === 'url' ? { url: job.form.imageUrl } : { bytes: base64Bytes(requireImage(job.image).base64) };
        request = captionRequestFor(target, captionParamsOf(job.form), input, { image: { prescale: job.form.prescale } }).request;
      } else {
        request = buildEditRequest(target, editParamsOf(job.form), job.images.map((i) => ({ name: i.name, bytes: base64Bytes(i.base64) })));
        names = job.images.map((i) => i.path ?? i.name);
      }
      await this.deps.copy(renderCurl(request, { apiKey: Boolean(target.apiKey), filePath: (_name, index) => names[index] ?? _name }));
      this.post({ type: 'notice', level: 'info', message: `Copied curl command${target.apiKey ? ' (the key is written as $API_KEY: export API_KEY first)' : ''}.` });
    } catch (error) {
      this.post({ type: 'notice', level: 'error', message: (error as Error).message });
    }
  }
}

function requireImage(image: ImageInput | undefined): ImageInput {
  if (!image) throw new Error('add an image first: pick, drop or paste one (PNG, JPEG or WebP)');
  return image;
}
