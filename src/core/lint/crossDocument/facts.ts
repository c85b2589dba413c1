import { isMap, isSeq, type Node } from 'yaml';
import { findPair, type ManifestDocument } from '../../manifest/manifestDocument.js';
import { containerPorts, listenPort, type ContainerPort } from '../../workload/listenPort.js';
import { podTemplates } from '../../workload/podTemplates.js';
import { servingContainers } from '../../workload/servingContainer.js';
import { serverName } from '../rules/servingContainerRule.js';

/**
 * What one document tells the others in its file, in file offsets: a Service's selector and ports, the
 * pod labels and serving ports of a workload. Kept with each document's cached lint result, so a check across
 * documents costs a walk over these facts, not a parse.
 */
export type DocumentFacts = ServiceFacts | PodFacts;

export interface ServicePortFact {
  port?: number;
  targetPort?: number | string;
  /** The targetPort value, else the port value: where a finding goes. */
  start: number;
  end: number;
  /** Where `targetPort: N` goes when absent (after the port value), with the key's column; undefined in flow style. */
  insertAfter?: number;
  column?: number;
}

export interface ServiceFacts {
  kind: 'service';
  documentIndex: number;
  name?: string;
  selector: Record<string, string>;
  ports: ServicePortFact[];
}

export interface PodFacts {
  kind: 'pods';
  documentIndex: number;
  workload: string;
  labels: Record<string, string>;
  servers: Array<{ name: string; listenPort: number; ports: ContainerPort[] }>;
}

export function collectFacts(document: ManifestDocument): DocumentFacts | undefined {
  if (document.kind === 'Service' && document.apiVersion === 'v1') return serviceFacts(document);
  const templates = podTemplates(document);
  if (!templates.length) return undefined;
  const template = templates[0];
  const labels = template.labels ? stringMap(document.valueAt(template.labels)) : {};
  const servers = servingContainers(document)
    .filter((c) => c.template?.podSpec.join('.') === template.podSpec.join('.'))
    .flatMap((c) => {
      const port = listenPort(c);
      return port === undefined ? [] : [{ name: serverName(c), listenPort: port, ports: containerPorts(c) }];
    });
  if (!servers.length || !Object.keys(labels).length) return undefined;
  return { kind: 'pods', documentIndex: document.index, workload: `${document.kind} ${document.name ?? ''}`.trim(), labels, servers };
}

function serviceFacts(document: ManifestDocument): ServiceFacts | undefined {
  const selector = stringMap(document.valueAt(['spec', 'selector']));
  const portsNode = document.nodeAt(['spec', 'ports']);
  if (!Object.keys(selector).length || !isSeq(portsNode)) return undefined;
  const ports: ServicePortFact[] = [];
  for (const item of portsNode.items) {
    if (!isMap(item)) continue;
    const portNode = findPair(item, 'port')?.value as Node | null | undefined;
    const targetPair = findPair(item, 'targetPort');
    const targetNode = targetPair?.value as Node | null | undefined;
    const value = (node: Node | null | undefined) => (node && 'value' in node ? (node as { value: unknown }).value : undefined);
    const port = value(portNode);
    const target = value(targetNode);
    const at = document.rangeOf(targetNode ?? portNode ?? undefined);
    if (!at) continue;
    const portKey = findPair(item, 'port')?.key as Node | null | undefined;
    const column = portKey?.range && !item.flow ? portKey.range[0] - document.source.lastIndexOf('\n', portKey.range[0] - 1) - 1 : undefined;
    ports.push({
      port: typeof port === 'number' ? port : undefined,
      targetPort: typeof target === 'number' || typeof target === 'string' ? target : undefined,
      ...at,
      insertAfter: !targetNode && portNode?.range && column !== undefined ? document.base + portNode.range[1] : undefined,
      column,
    });
  }
  return { kind: 'service', documentIndex: document.index, name: document.name, selector, ports };
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

/** The facts moved with their document (its chunk moved by `delta`, its index by `indexDelta`). */
export function shiftFacts(facts: DocumentFacts, delta: number, indexDelta: number): DocumentFacts {
  if (delta === 0 && indexDelta === 0) return facts;
  if (facts.kind === 'pods') return { ...facts, documentIndex: facts.documentIndex + indexDelta };
  return {
    ...facts,
    documentIndex: facts.documentIndex + indexDelta,
    ports: facts.ports.map((p) => ({ ...p, start: p.start + delta, end: p.end + delta, insertAfter: p.insertAfter === undefined ? undefined : p.insertAfter + delta })),
  };
}
