/** Only `choices[*].message.content` is read, as nv-ingest does; a list of text parts is joined. */
export function parseCaptionResponse(json: unknown): { text: string; completionTokens?: number } {
  const o = json as { choices?: Array<{ message?: { content?: unknown } }>; usage?: { completion_tokens?: unknown } } | undefined;
  if (!o || !Array.isArray(o.choices) || o.choices.length === 0) throw new Error('response has no choices[*].message.content');
  const texts = o.choices.map((c) => contentText(c?.message?.content));
  if (texts.every((t) => t === undefined)) throw new Error('response choices carry no message.content string');
  const completionTokens = typeof o.usage?.completion_tokens === 'number' ? o.usage.completion_tokens : undefined;
  return { text: texts.filter((t) => t !== undefined).join('\n'), completionTokens };
}

function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.filter((p) => p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string').map((p) => (p as { text: string }).text);
    return parts.length ? parts.join('') : undefined;
  }
  return undefined;
}

/** Accumulates an OpenAI chat-completions SSE stream: content deltas, chunk count, usage, and an in-band error. */
export class ChatStreamAccumulator {
  text = '';
  /** Content-bearing chunks: the token count when the server sends no usage. */
  chunks = 0;
  completionTokens?: number;
  done = false;
  error?: unknown;
  private pending = '';

  /** Feeds raw text; returns the content that arrived with it (for live display). */
  push(text: string): string {
    const buffer = this.pending ? this.pending + text : text;
    let added = '';
    let from = 0;
    let newline: number;
    while ((newline = buffer.indexOf('\n', from)) >= 0) {
      const end = newline > from && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      if (end > from) added += this.line(buffer.slice(from, end));
      from = newline + 1;
    }
    this.pending = from === 0 ? buffer : buffer.slice(from);
    return added;
  }

  finish(): void {
    if (this.pending.trim()) this.line(this.pending.trim());
    this.pending = '';
  }

  private line(line: string): string {
    if (!line.startsWith('data:')) return '';
    const data = line.slice(5).trim();
    if (data === '[DONE]') {
      this.done = true;
      return '';
    }
    let event: { choices?: Array<{ delta?: { content?: unknown } }>; usage?: { completion_tokens?: unknown }; error?: unknown; object?: unknown } | undefined;
    try {
      event = JSON.parse(data);
    } catch {
      return '';
    }
    if (!event) return '';
    if (event.error || event.object === 'error') this.error = event;
    if (typeof event.usage?.completion_tokens === 'number') this.completionTokens = event.usage.completion_tokens;
    let added = '';
    for (const choice of event.choices ?? []) {
      const content = choice?.delta?.content;
      if (typeof content === 'string' && content !== '') added += content;
    }
    if (added) {
      this.chunks++;
      this.text += added;
    }
    return added;
  }
}
