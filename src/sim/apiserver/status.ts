import { StoreError } from '../store/types.js';

export interface StatusCause {
  type?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A `metav1.Status` failure the HTTP layer answers with; thrown anywhere below the router. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** Identifies a resource in messages the way the apiserver does: `pods`, `deployments.apps`. */
export interface QualifiedResource {
  group: string;
  plural: string;
}

function qualified(resource: QualifiedResource): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

export const errors = {
  notFound(resource: QualifiedResource, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualified(resource)} "${name}" not found`, { name, group: resource.group || undefined, kind: resource.plural });
  },
  alreadyExists(resource: QualifiedResource, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualified(resource)} "${name}" already exists`, { name, group: resource.group || undefined, kind: resource.plural });
  },
  conflict(resource: QualifiedResource, name: string, why: string): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource)} "${name}": ${why}`, {
      name,
      group: resource.group || undefined,
      kind: resource.plural,
    });
  },
  badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  },
  /** The generic 404 for paths and resource types the server does not serve. */
  pathNotFound(): ApiError {
    return new ApiError(404, 'NotFound', 'the server could not find the requested resource', { causes: [{ type: 'UnexpectedServerResponse', message: '404 page not found' }] });
  },
  methodNotAllowed(method: string): ApiError {
    return new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);
  },
  unauthorized(): ApiError {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  },
  unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
    return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')} (got ${contentType || 'none'})`);
  },
  tooLarge(limit: number): ApiError {
    return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  },
  gone(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  },
  internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
};

/** Maps the store's errors onto apiserver Status errors. */
export function fromStoreError(error: unknown, resource: QualifiedResource, name: string): unknown {
  if (!(error instanceof StoreError)) return error;
  switch (error.reason) {
    case 'NotFound':
      return errors.notFound(resource, name);
    case 'AlreadyExists':
      return errors.alreadyExists(resource, name);
    case 'Conflict':
      return errors.conflict(resource, name, 'the object has been modified; please apply your changes to the latest version and try again');
    case 'Invalid':
      return new ApiError(422, 'Invalid', error.message);
    default:
      return errors.badRequest(error.message);
  }
}
