/** The local port a forward was asked to listen on is taken (or not allowed): the user picks another. */
export class PortInUseError extends Error {
  constructor(readonly port: number, readonly code = 'EADDRINUSE') {
    super(code === 'EACCES'
      ? `local port ${port} is not allowed here (ports below 1024 need privileges): pick another`
      : `local port ${port} is already in use on 127.0.0.1: pick another, or stop what listens there`);
    this.name = 'PortInUseError';
  }
}

/** A local port as a user types it: 1–65535. */
export function parseLocalPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const port = Number(text.trim());
  return port >= 1 && port <= 65535 ? port : undefined;
}
