/** A chat-completions request reduced to what the simulated models need; both image-part dialects accepted. */
export interface ChatRequest {
  model?: string;
  messages: ChatMessage[];
  maxTokens?: number;
  stream: boolean;
  includeUsage: boolean;
  raw: Record<string, unknown>;
}

export interface ChatMessage {
  role: string;
  text: string;
  /** Image references in order: data URLs, http(s) URLs, or (Omega dialect) bare base64. */
  images: ImageRef[];
}

export interface ImageRef {
  /** `image_url` (OpenAI) or `image` (the Omega VLM server). */
  dialect: 'image_url' | 'image';
  value: string;
}

export class ChatRequestError extends Error {
  constructor(message: string, readonly param: string | null = null) {
    super(message);
  }
}

export function parseChatRequest(body: unknown): ChatRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ChatRequestError('request body must be a JSON object');
  const raw = body as Record<string, unknown>;
  if (raw.model !== undefined && raw.model !== null && typeof raw.model !== 'string') throw new ChatRequestError('model must be a string', 'model');
  if (!Array.isArray(raw.messages)) throw new ChatRequestError('Field required: messages must be a list of {role, content} objects', 'messages');
  if (raw.messages.length === 0) throw new ChatRequestError('messages must contain at least one message', 'messages');
  const maxTokens = raw.max_completion_tokens ?? raw.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw new ChatRequestError(`max_tokens must be at least 1, got ${JSON.stringify(maxTokens)}.`, 'max_tokens');
  }
  if (raw.stream !== undefined && raw.stream !== null && typeof raw.stream !== 'boolean') throw new ChatRequestError('stream must be a boolean', 'stream');
  const streamOptions = raw.stream_options as { include_usage?: unknown } | undefined;
  return {
    model: (raw.model as string | undefined) ?? undefined,
    messages: raw.messages.map(parseMessage),
    maxTokens: (maxTokens as number | undefined) ?? undefined,
    stream: raw.stream === true,
    includeUsage: streamOptions?.include_usage === true,
    raw,
  };
}

function parseMessage(message: unknown, index: number): ChatMessage {
  const where = `messages[${index}]`;
  if (message === null || typeof message !== 'object') throw new ChatRequestError(`${where} must be an object with role and content`, 'messages');
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (typeof role !== 'string') throw new ChatRequestError(`${where}.role is required (system, user or assistant)`, 'messages');
  if (content === undefined || content === null) return { role, text: '', images: [] };
  if (typeof content === 'string') return { role, text: content, images: [] };
  if (!Array.isArray(content)) throw new ChatRequestError(`${where}.content must be a string or a list of content parts`, 'messages');
  const texts: string[] = [];
  const images: ImageRef[] = [];
  content.forEach((part, j) => {
    const at = `${where}.content[${j}]`;
    const p = part as Record<string, unknown> | null;
    if (p === null || typeof p !== 'object') throw new ChatRequestError(`${at} must be an object like {"type":"text","text":"…"}`, 'messages');
    const type = p.type ?? (typeof p.text === 'string' ? 'text' : typeof p.image === 'string' ? 'image' : undefined);
    if (type === 'text') {
      if (typeof p.text !== 'string') throw new ChatRequestError(`${at}.text must be a string`, 'messages');
      texts.push(p.text);
    } else if (type === 'image_url') {
      const imageUrl = p.image_url as { url?: unknown } | string | undefined;
      const url = typeof imageUrl === 'string' ? imageUrl : imageUrl?.url;
      if (typeof url !== 'string' || url === '') throw new ChatRequestError(`${at}.image_url.url is required (an http(s) or data: URL)`, 'messages');
      images.push({ dialect: 'image_url', value: url });
    } else if (type === 'image') {
      if (typeof p.image !== 'string' || p.image === '') throw new ChatRequestError(`${at}.image must be a URL, data URL or base64 string`, 'messages');
      images.push({ dialect: 'image', value: p.image });
    } else {
      throw new ChatRequestError(`${at}: unknown content part type ${JSON.stringify(type)}; expected "text", "image_url" or "image"`, 'messages');
    }
  });
  return { role, text: texts.join('\n'), images };
}

export function allImages(chat: ChatRequest): ImageRef[] {
  return chat.messages.flatMap((m) => m.images);
}

export function lastUserText(chat: ChatRequest): string {
  return [...chat.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
}
