import { webviewMessageSchema, type WebviewMessage } from '../src/messages/playgroundMessages.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };

const api = acquireVsCodeApi();

/** Validated before it leaves: the host validates again. */
export function send(message: WebviewMessage): void {
  const checked = webviewMessageSchema.safeParse(message);
  if (!checked.success) {
    console.error('playground: not sending an invalid message', checked.error.issues);
    return;
  }
  api.postMessage(checked.data);
}

export function loadState<T>(): T | undefined {
  return api.getState() as T | undefined;
}

export function saveState(state: unknown): void {
  api.setState(state);
}
