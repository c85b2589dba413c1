export interface LogOptions {
  follow?: boolean;
  /** Lines from the end of the log to start with (the whole log when absent). */
  tailLines?: number;
  /** The last terminated instance (a crashed container's `kubectl logs --previous`). */
  previous?: boolean;
  sinceSeconds?: number;
  /** Keep the API server's RFC3339 timestamp in front of each line. */
  timestamps?: boolean;
}

export interface LogLineOut {
  pod: string;
  container: string;
  /** RFC3339 from the server ('' when it sent none). */
  time: string;
  text: string;
}

export interface ReconnectPolicy {
  /** Consecutive failed reconnects before giving up (default 30). */
  maxAttempts?: number;
  /** First back-off; doubles up to maxDelayMs (defaults 200 ms / 5 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface StreamEvents {
  onReconnect?: (info: { pod: string; container: string; attempt: number; since?: string; reason: string }) => void;
}
