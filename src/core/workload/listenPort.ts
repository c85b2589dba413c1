import { findEnv } from '../nimservice/env.js';
import type { ServingContainer } from './servingContainer.js';

/** The port the server listens on, or undefined when it is written but unreadable (`--port $(PORT)`). */
export function listenPort(container: ServingContainer): number | undefined {
  if (container.runtime === 'nim') {
    const env = findEnv(container.env, 'NIM_SERVER_PORT');
    if (!env) return 8000;
    const n = Number(env.value);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }
  const written = container.settings.port;
  if (written && !/^\d+$/.test(written.value.trim())) return undefined;
  return container.settings.listenPort;
}

export interface ContainerPort {
  name?: string;
  number: number;
  /** The `containerPort` value. */
  path: (string | number)[];
}

export function containerPorts(container: ServingContainer): ContainerPort[] {
  const path = container.paths.ports;
  if (!path) return [];
  const ports = container.document.valueAt(path);
  if (!Array.isArray(ports)) return [];
  const out: ContainerPort[] = [];
  ports.forEach((p, index) => {
    const port = p as { name?: unknown; containerPort?: unknown } | null;
    if (typeof port?.containerPort !== 'number') return;
    out.push({ name: typeof port.name === 'string' ? port.name : undefined, number: port.containerPort, path: [...path, index, 'containerPort'] });
  });
  return out;
}

/** A probe's or Service's port (a number, or the name of a container port) as a number. */
export function resolvePort(value: unknown, ports: readonly ContainerPort[]): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (typeof value === 'string') return ports.find((p) => p.name === value)?.number;
  return undefined;
}
