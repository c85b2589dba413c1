import type { RunningInferenceServer } from '../../src/sim/servers/index';

/** Starts a simulated inference server, runs the body against it, and closes it whatever happens. */
export async function withServer<T>(start: Promise<RunningInferenceServer>, body: (s: RunningInferenceServer) => Promise<T>): Promise<T> {
  const server = await start;
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}
