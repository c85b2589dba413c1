import { captionFor, describeImage, type RgbaImage } from '../../../core/image/index';
import { lastUserText, type ChatRequest } from './chatRequest';

/** Token-sized pieces whose concatenation is the text (≈ one word each, leading space kept as real tokenizers do). */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** Rough prompt size: words of every message plus a fixed budget per image (256 tokens ≈ one Nemotron tile). */
export function estimatePromptTokens(chat: ChatRequest): number {
  return chat.messages.reduce((sum, m) => sum + tokenize(m.text).length + 4 + m.images.length * 256, 0);
}

/** The simulated model's full answer before max_tokens: a caption of every image, else a reply to the text. */
export function composeReply(chat: ChatRequest, images: RgbaImage[], modelId: string): string {
  if (images.length === 1) return captionFor(describeImage(images[0]));
  if (images.length > 1) return images.map((image, i) => `Image ${i + 1}: ${captionFor(describeImage(image))}`).join(' ');
  const question = lastUserText(chat).trim().replace(/\s+/g, ' ');
  const quoted = question.length > 80 ? `${question.slice(0, 80)}…` : question;
  return quoted
    ? `This is a simulated answer from ${modelId}. You said: "${quoted}". No image was attached, so there is nothing to caption.`
    : `This is a simulated answer from ${modelId}.`;
}

export interface Generation {
  tokens: string[];
  finishReason: 'stop' | 'length';
}

export function generate(reply: string, maxTokens: number | undefined): Generation {
  const all = tokenize(reply);
  if (maxTokens !== undefined && all.length > maxTokens) return { tokens: all.slice(0, maxTokens), finishReason: 'length' };
  return { tokens: all, finishReason: 'stop' };
}
