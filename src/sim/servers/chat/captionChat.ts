import { ImageError, type RgbaImage } from '../../../core/image/index';
import { HttpError } from '../http/httpError';
import type { RequestContext } from '../http/simServer';
import type { ServerMetrics } from '../metrics';
import type { GenerationTiming } from '../types';
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
