// The playground's browser bundle (issue 9 builds the UI); it only announces itself until then.
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
acquireVsCodeApi().postMessage({ type: 'ready' });
