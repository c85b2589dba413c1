import { randomUUID } from 'node:crypto';
import { SseWriter } from '../http/sse';
import { sendJson } from '../http/respond';
import { sleep, type RequestContext } from '../http/simServer';
import type { ServerMetrics } from '../metrics';
import type { GenerationTiming } from '../types';
import type { Generation } from './captionModel';
import type { BatchingEngine } from '../engine/batchingEngine';
import { enginePacer, timingPacer } from './tokenPacer';

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
  /** When set, tokens are paced by this continuous-batching engine instead of `timing`. */
  engine?: BatchingEngine;
  /** The prompt's identity for the engine's prefix cache. */
  promptKey?: string;
}

/**
 * Answers as vLLM does: one chat.completion JSON, or SSE chat.completion.chunk events then `[DONE]`, paced by
 * `timing`, or by the continuous-batching engine when there is one.
 */
export async function answerChat(ctx: RequestContext, answer: ChatAnswer): Promise<void> {
  const id = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
  const created = Math.floor(Date.now() / 1000);
  const begun = performance.now();
  const finish = answer.metrics?.start();
  const { tokens, finishReason } = answer.generation;
  const usage = { prompt_tokens: answer.promptTokens, total_tokens: answer.promptTokens + tokens.length, completion_tokens: tokens.length, prompt_tokens_details: null };
  const pacer = answer.engine
    ? enginePacer(answer.engine, { promptTokens: answer.promptTokens, outputTokens: tokens.length, promptKey: answer.promptKey })
    : timingPacer(answer.timing);
  let ttft: number | undefined;
  let sent = 0;
  let last = 0;
  const gaps: number[] = [];
  const tokenAt = (at: number) => {
    if (sent === 0) ttft = (at - begun) / 1000;
    else gaps.push((at - last) / 1000);
    last = at;
    sent++;
  };
  try {
    if (!answer.stream) {
      if (answer.engine) {
        for (let i = 0; i < tokens.length; i++) {
          if (ctx.aborted()) return;
          tokenAt(await pacer.token(i));
        }
      } else {
        // One timer for the whole answer (per-token timers would add their lateness up).
        await sleep(answer.timing.firstTokenMs + answer.timing.perTokenMs * Math.max(0, tokens.length - 1));
        for (let i = 0; i < tokens.length; i++) tokenAt(begun + answer.timing.firstTokenMs + answer.timing.perTokenMs * i);
      }
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
    for (let i = 0; i < tokens.length; i++) {
      if (sse.closed) return;
      tokenAt(await pacer.token(i));
      if (sse.closed) return;
      sse.event(chunk({ content: tokens[i] }));
    }
    sse.event(chunk({}, finishReason));
    if (answer.includeUsage) sse.event({ id, object: 'chat.completion.chunk', created, model: answer.modelId, choices: [], usage });
    sse.done();
  } finally {
    pacer.cancel();
    const complete = sent === tokens.length;
    finish?.({
      promptTokens: answer.promptTokens, generationTokens: sent, ttftSeconds: ttft, interTokenSeconds: gaps, queueSeconds: pacer.queueSeconds(),
      finishReason: complete ? finishReason : 'abort',
    });
  }
}
