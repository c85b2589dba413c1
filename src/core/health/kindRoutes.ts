import { endpointUrls } from '../endpoints/baseUrl.js';
import type { EndpointKind } from '../endpoints/endpointConfig.js';

export interface KindRoutes {
  health: string;
  /** Lists the served model (needs the API key when one is set). */
  models: string;
  /** Prometheus metrics, when the kind has them. */
  metrics?: string;
}

/** The routes each server kind answers. */
export function kindRoutes(kind: EndpointKind, baseUrl: string, healthUrl?: string): KindRoutes {
  const { root, v1 } = endpointUrls(baseUrl);
  switch (kind) {
    case 'nim':
      return { health: healthUrl ?? `${root}/v1/health/ready`, models: `${v1}/models`, metrics: `${root}/v1/metrics` };
    case 'omega':
      return { health: healthUrl ?? `${root}/health`, models: `${v1}/models` };
    case 'nunchaku':
      return { health: healthUrl ?? `${root}/health`, models: `${root}/model-info` };
    case 'openai':
    default:
      return { health: healthUrl ?? `${root}/health`, models: `${v1}/models`, metrics: `${root}/metrics` };
  }
}

export function pathOf(url: string): string {
  return new URL(url).pathname;
}
