import { listTemplates, renderTemplate } from '../../src/core/scaffold/index.js';
import { seededRandom } from './stats.js';

/**
 * A realistic multi-document manifest of about `targetLines` lines: the shipped templates rendered under
 * many names (a fifth of them with one of the image-edit recipe's known mistakes), plus the other kinds found beside them.
 */
export function buildBenchManifest(targetLines = 5000): string {
  const endpoints = listTemplates().filter((t) => t.category === 'endpoint');
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; lines < targetLines; i++) {
    const template = endpoints[i % endpoints.length];
    let text = renderTemplate(template.id, { name: `endpoint-${i}`, namespace: `team-${i % 7}`, gpuCount: 1 + (i % 2) }).text;
    if (i % 5 === 4) text = MISTAKES[(i / 5) % MISTAKES.length | 0](text);
    const extra = OTHER_KINDS[i % OTHER_KINDS.length](i);
    parts.push(text, extra);
    lines += (text + extra).split('\n').length - 1;
  }
  return parts.join('');
}

const MISTAKES: Array<(text: string) => string> = [
  (t) => t.replaceAll('path: /health', 'path: /v1/health/ready'),
  (t) => t.replace(/\n\s*sharedMemorySizeLimit: \S+/, ''),
  (t) => t.replace('nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL', 'qwen/qwen-image-edit-2511').replace('nvidia.com/gpu: 1', 'nvidia.com/gpu: "one"'),
  (t) => t.replace('port: 8000', 'port: 8080').replace('replicas: 1', 'replicas: 1\n  replica: 2'),
];

const OTHER_KINDS: Array<(i: number) => string> = [
  (i) => `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: endpoint-${i}-client
  namespace: team-${i % 7}
data:
  VLM_CAPTION_ENDPOINT: http://endpoint-${i}.team-${i % 7}.svc.cluster.local:8000/v1/chat/completions
  VLM_CAPTION_MODEL_NAME: nvidia/nemotron-nano-12b-v2-vl
  VLM_CAPTION_PROMPT: "Caption the content of this image:"
  VLM_CAPTION_SYSTEM_PROMPT: /no_think
`,
  (i) => `---
apiVersion: v1
kind: Service
metadata:
  name: endpoint-${i}-external
  namespace: team-${i % 7}
spec:
  type: LoadBalancer
  selector:
    app.kubernetes.io/name: endpoint-${i}
  ports:
    - name: api
      port: 80
      targetPort: api
`,
  (i) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: probe-client-${i}
  namespace: team-${i % 7}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: probe-client-${i}
  template:
    metadata:
      labels:
        app: probe-client-${i}
    spec:
      containers:
        - name: curl
          image: curlimages/curl:8.10.1
          command: ["sh", "-c", "while true; do curl -fsS http://endpoint-${i}:8000/v1/models; sleep 60; done"]
          resources:
            limits:
              cpu: 100m
              memory: 64Mi
`,
];

/**
 * Applies one single-line edit at a random document: a number goes up by one, any other scalar gains or
 * loses a trailing "x" — what typing into a value does. Keys that change a document's identity are left alone.
 */
export function oneLineEdits(text: string, count: number, seed = 42): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  let current = text;
  for (let n = 0; n < count; n++) {
    const lines = current.split('\n');
    const starts = lines.flatMap((l, i) => (l.startsWith('---') ? [i] : []));
    const doc = Math.floor(random() * starts.length);
    const from = starts[doc];
    const to = doc + 1 < starts.length ? starts[doc + 1] : lines.length;
    const editable: number[] = [];
    for (let i = from; i < to; i++) if (EDITABLE.test(lines[i]) && !/^\s*(kind|apiVersion):/.test(lines[i])) editable.push(i);
    const line = editable[Math.floor(random() * editable.length)];
    if (line === undefined) throw new Error(`document ${doc} of the bench manifest has no editable line`);
    lines[line] = lines[line].replace(EDITABLE, (_, head: string, value: string) => head + editValue(value));
    current = lines.join('\n');
    out.push(current);
  }
  return out;
}

const EDITABLE = /^(\s*(?:- )?[A-Za-z_][\w./-]*: )([A-Za-z0-9][\w./-]*)$/;

function editValue(value: string): string {
  if (/^\d+$/.test(value)) return String(Number(value) + 1);
  return value.endsWith('x') ? value.slice(0, -1) : `${value}x`;
}
