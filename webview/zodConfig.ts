import { z } from 'zod';

// zod probes `new Function` to compile faster parsers; under the webview's CSP (no unsafe-eval) that probe is a
// reported violation. Parse without it.
z.config({ jitless: true });
