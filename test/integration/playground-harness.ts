// A recording reverse proxy in front of a simulated server: the tests assert the EXACT bytes a client sent,
// because the simulators are lenient (they accept both image-part dialects) and a deviation must fail a test.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  status?: number;
  responseBody?: Buffer;
}

export interface RecordingProxy {
  url: string;
  requests: Recorded[];
  last(): Recorded;
  json(index?: number): unknown;
  close(): Promise<void>;
}

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(record);
      const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        record.status = up.statusCode;
        const back: Buffer[] = [];
        up.on('data', (c: Buffer) => {
          back.push(c);
          res.write(c);
        });
        up.on('end', () => {
          record.responseBody = Buffer.concat(back);
          res.end();
        });
        up.on('error', () => res.destroy());
      });
      out.on('error', () => res.destroy());
      out.end(record.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    last: () => requests[requests.length - 1],
    json: (index = requests.length - 1) => JSON.parse(requests[index].body.toString('utf8')),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface ParsedPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** An independent multipart/form-data reader (not the client's encoder) for asserting the parts sent. */
export function parseMultipart(body: Buffer, contentType: string): ParsedPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: ParsedPart[] = [];
  let start = body.indexOf(delimiter);
  if (start !== 0) throw new Error('body does not start with the boundary');
  while (true) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (headerEnd < 0 || next < 0) throw new Error('truncated multipart body');
    const head = body.subarray(afterDelimiter + 2, headerEnd).toString('utf8');
    const disposition = /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(head);
    if (!disposition) throw new Error(`bad part header ${head}`);
    parts.push({ name: disposition[1], filename: disposition[2], contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1], data: body.subarray(headerEnd + 4, next) });
    start = next + 2;
  }
  return parts;
}
