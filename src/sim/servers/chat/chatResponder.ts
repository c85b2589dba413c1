import { randomUUID } from 'node:crypto';
import { SseWriter } from '../http/sse';
import { sendJson } from '../http/respond';
import { sleep, type RequestContext } from '../http/simServer';
import type { ServerMetrics } from '../metrics';
import type { GenerationTiming } from '../types';
import type { Generation } from './captionModel';

export interface ChatAnswer {
  modelId: string;
  generation: Generation;
  promptTokens: number;
  stream: boolean;
  includeUsage: boolean;
  timing: GenerationTiming;
  metrics?: ServerMetrics;
  /** Extra top-level fields some servers add (Omega: latency_seconds). */
  extraFields?: (elapsedSeconds: number) => Record<string, unknown>;
}

/** Answers as vLLM does: one chat.completion JSON, or SSE chat.completion.chunk events then `[DONE]`, paced by `timing`. */
export async function answerChat(ctx: RequestContext, answer: ChatAnswer): Promise<void> {
  const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
  const created = Math.floor(Date.now() / 1000);
  const begun = performance.now();
  const finish = answer.metrics?.start();
  const { tokens, finishReason } = answer.generation;
  const usage = { prompt_tokens: answer.promptTokens, total_tokens: answer.promptTokens + tokens.length, completion_tokens: tokens.length, prompt_tokens_details: null };
  let ttft: number | undefined;
  try {
    if (!answer.stream) {
      await sleep(answer.timing.firstTokenMs + answer.timing.perTokenMs * Math.max(0, tokens.length - 1));
      ttft = answer.timing.firstTokenMs / 1000;
      const elapsed = (performance.now() - begun) / 1000;
      sendJson(ctx.res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: answer.modelId,
        choices: [{ index: 0, message: { role: 'assistant', content: tokens.join(''), refusal: null, tool_calls: [], reasoning_content: null }, logprobs: null, finish_reason: finishReason, stop_reason: null }],
        usage,
        prompt_logprobs: null,
        ...answer.extraFields?.(elapsed),
      });
      return;
    }
    const sse = new SseWriter(ctx.res);
    const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) => ({
      id, object: 'chat.completion.chunk', created, model: answer.modelId,
      choices: [{ index: 0, delta, logprobs: null, finish_reason }],
    });
    sse.event(chunk({ role: 'assistant', content: '' }));
    await sleep(answer.timing.firstTokenMs);
    for (let i = 0; i < tokens.length; i++) {
      if (sse.closed) return;
      if (i > 0) await sleep(answer.timing.perTokenMs);
      if (i === 0) ttft = (performance.now() - begun) / 1000;
      sse.event(chunk({ content: tokens[i] }));
    }
    sse.event(chunk({}, finishReason));
    if (answer.includeUsage) sse.event({ id, object: 'chat.completion.chunk', created, model: answer.modelId, choices: [], usage });
    sse.done();
  } finally {
    finish?.({ promptTokens: answer.promptTokens, generationTokens: tokens.length, ttftSeconds: ttft, finishReason });
  }
}
