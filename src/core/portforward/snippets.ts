// What a user copies from a port-forward to call the endpoint behind it. Never an API key: the snippets read it
// from the API_KEY environment variable.

/** `http://127.0.0.1:PORT/v1` for a forward's local origin. */
export function openAiBaseUrl(localUrl: string): string {
  return `${localUrl.replace(/\/+$/, '')}/v1`;
}

export function openAiBaseUrlExport(localUrl: string): string {
  return `export OPENAI_BASE_URL=${openAiBaseUrl(localUrl)}`;
}

export function curlSnippet(localUrl: string, model?: string): string {
  const base = openAiBaseUrl(localUrl);
  if (!model) return `curl -sS ${base}/models -H "Authorization: Bearer $API_KEY"`;
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello!' }], max_tokens: 64 });
  return [
    `curl -sS ${base}/chat/completions \\`,
    '  -H "Content-Type: application/json" \\',
    '  -H "Authorization: Bearer $API_KEY" \\',
    `  -d '${body.replace(/'/g, `'\\''`)}'`,
  ].join('\n');
}

export function pythonSnippet(localUrl: string, model?: string): string {
  return [
    'import os',
    'from openai import OpenAI',
    '',
    `client = OpenAI(base_url="${openAiBaseUrl(localUrl)}", api_key=os.environ.get("API_KEY", "none"))`,
    model
      ? `reply = client.chat.completions.create(model=${JSON.stringify(model)}, messages=[{"role": "user", "content": "Hello!"}], max_tokens=64)\nprint(reply.choices[0].message.content)`
      : 'print([m.id for m in client.models.list()])',
    '',
  ].join('\n');
}
