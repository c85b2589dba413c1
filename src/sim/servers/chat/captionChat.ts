import { ImageError, type RgbaImage } from '../../../core/image/index';
import { HttpError } from '../http/httpError';
import type { RequestContext } from '../http/simServer';
import type { ServerMetrics } from '../metrics';
import type { GenerationTiming } from '../types';
import type { BatchingEngine } from '../engine/batchingEngine';
import { createHash } from 'node:crypto';
import { composeReply, estimatePromptTokens, generate } from './captionModel';
import { allImages, ChatRequestError, parseChatRequest, type ChatRequest } from './chatRequest';
import { answerChat } from './chatResponder';
import { loadImageRef } from './loadImageRef';

export interface CaptionChatConfig {
  modelId: string;
  timing: GenerationTiming;
  metrics?: ServerMetrics;
  /** Answer for a request that names another model; undefined means the model field is ignored (Omega). */
  unknownModel?: (model: string) => HttpError;
  badRequest: (message: string, param: string | null) => HttpError;
  allowBareBase64: boolean;
  maxImagesPerRequest?: number;
  defaultMaxTokens?: number;
  extraFields?: (elapsedSeconds: number) => Record<string, unknown>;
  /** Paces the answer under load (continuous batching) instead of `timing`. */
  engine?: BatchingEngine;
}

/** POST /v1/chat/completions for a captioning VLM: parse, load the real images, caption them, answer or stream. */
export async function handleCaptionChat(ctx: RequestContext, config: CaptionChatConfig): Promise<void> {
  const chat = parseOr400(await ctx.json(), config);
  if (chat.model && config.unknownModel && chat.model !== config.modelId) throw config.unknownModel(chat.model);
  const refs = allImages(chat);
  if (config.maxImagesPerRequest !== undefined && refs.length > config.maxImagesPerRequest) {
    throw config.badRequest(`At most ${config.maxImagesPerRequest} image(s) may be provided in one request, got ${refs.length}.`, 'messages');
  }
  const images: RgbaImage[] = [];
  for (const ref of refs) {
    try {
      images.push((await loadImageRef(ref, { allowBareBase64: config.allowBareBase64 || ref.dialect === 'image', allowRemote: true })).image);
    } catch (error) {
      if (error instanceof ImageError) throw config.badRequest(error.message, 'messages');
      throw error;
    }
  }
  const generation = generate(composeReply(chat, images, config.modelId), chat.maxTokens ?? config.defaultMaxTokens);
  await answerChat(ctx, {
    modelId: config.modelId,
    generation,
    promptTokens: estimatePromptTokens(chat),
    stream: chat.stream,
    includeUsage: chat.includeUsage,
    timing: config.timing,
    metrics: config.metrics,
    extraFields: config.extraFields,
    engine: config.engine,
    promptKey: config.engine ? promptKeyOf(chat) : undefined,
  });
}

function parseOr400(body: unknown, config: CaptionChatConfig): ChatRequest {
  try {
    return parseChatRequest(body);
  } catch (error) {
    if (error instanceof ChatRequestError) throw config.badRequest(error.message, error.param);
    throw error;
  }
}

/** The prompt's identity for prefix caching: the same messages and images hash alike. */
function promptKeyOf(chat: ChatRequest): string {
  const hash = createHash('sha1');
  for (const m of chat.messages) {
    hash.update(m.role).update('\0').update(m.text).update('\0');
    for (const image of m.images) hash.update(image.value).update('\0');
  }
  return hash.digest('base64');
}
