import type { MalformedBodyError } from './http/body';
import { HttpError } from './http/httpError';
import type { Route, ServerDefinition } from './http/simServer';
import { fastapiDetail, fastapiValidation } from './errorShapes';

/** Generic errors of a plain FastAPI app (Nunchaku, Omega): `{"detail": …}` bodies, 422 for unparsable JSON. */
export function fastapiDefinition(kind: ServerDefinition['kind'], modelId: string, routes: Route[], publicPaths: string[]): ServerDefinition {
  return {
    kind,
    modelId,
    routes,
    errorBody: (_status, message) => fastapiDetail(message),
    unauthorized: () => new HttpError(401, fastapiDetail('Invalid or missing API key'), { 'www-authenticate': 'Bearer' }),
    malformedBody: (error: MalformedBodyError) => new HttpError(422, fastapiValidation([
      { type: 'json_invalid', loc: ['body', error.position ?? 0], msg: 'JSON decode error', input: {}, ctx: { error: error.message } },
    ])),
    requiresAuth: (path) => !publicPaths.includes(path),
  };
}
