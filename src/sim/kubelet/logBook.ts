import type { ContainerLogSource, LogLine } from '../store/types.js';

/** Like the kubelet's log rotation: a container instance keeps only its newest lines. */
const MAX_LINES_PER_INSTANCE = 20_000;

interface Instance {
  lines: LogLine[];
  followers: Set<(line: LogLine | null) => void>;
  ended: boolean;
}

interface ContainerLogs {
  current?: Instance;
  previous?: Instance;
}

/** Logs per container instance (current and the last terminated one), served to `pods/log`. */
export class LogBook implements ContainerLogSource {
  private readonly containers = new Map<string, ContainerLogs>();

  private entry(namespace: string, pod: string, container: string): ContainerLogs {
    const key = `${namespace}/${pod}/${container}`;
    let entry = this.containers.get(key);
    if (!entry) this.containers.set(key, (entry = {}));
    return entry;
  }

  /** A new instance of the container starts: the current one (if any) becomes `previous`. */
  startInstance(namespace: string, pod: string, container: string): void {
    const entry = this.entry(namespace, pod, container);
    if (entry.current) this.endInstance(namespace, pod, container);
    if (entry.current) entry.previous = entry.current;
    entry.current = { lines: [], followers: new Set(), ended: false };
  }

  append(namespace: string, pod: string, container: string, line: LogLine): void {
    const current = this.entry(namespace, pod, container).current;
    if (!current || current.ended) return;
    current.lines.push(line);
    if (current.lines.length > MAX_LINES_PER_INSTANCE) current.lines.splice(0, current.lines.length - MAX_LINES_PER_INSTANCE);
    for (const follower of [...current.followers]) follower(line);
  }

  /** The current instance stopped writing (its process exited); followers get `null`. */
  endInstance(namespace: string, pod: string, container: string): void {
    const current = this.entry(namespace, pod, container).current;
    if (!current || current.ended) return;
    current.ended = true;
    for (const follower of [...current.followers]) follower(null);
    current.followers.clear();
  }

  removePod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const [key, entry] of this.containers) {
      if (!key.startsWith(prefix)) continue;
      for (const instance of [entry.current, entry.previous]) {
        for (const follower of [...(instance?.followers ?? [])]) follower(null);
        instance?.followers.clear();
      }
      this.containers.delete(key);
    }
  }

  lines(namespace: string, pod: string, container: string, previous: boolean): LogLine[] | undefined {
    const entry = this.containers.get(`${namespace}/${pod}/${container}`);
    const instance = previous ? entry?.previous : entry?.current;
    return instance ? [...instance.lines] : undefined;
  }

  follow(namespace: string, pod: string, container: string, onLine: (line: LogLine | null) => void): () => void {
    const current = this.containers.get(`${namespace}/${pod}/${container}`)?.current;
    if (!current || current.ended) {
      queueMicrotask(() => onLine(null));
      return () => {};
    }
    current.followers.add(onLine);
    return () => current.followers.delete(onLine);
  }
}
