/**
 * The request plumbing the sandbox's REST-style services share (UpCloud,
 * Aiven, Dragonfly Cloud): the service owns a path (`/upcloud`), its API sits
 * at a versioned base below it (`/upcloud/1.3`), credentials are checked before
 * routing, a table of method + path pattern picks the handler, and a handler
 * answers an error by throwing the provider's own fault.
 *
 * What differs between the clouds is passed in: their error bodies, their
 * authentication scheme and what a handler gets to work with (the "call").
 */
import type { CloudKind } from '../../model/types';
import type { SandboxRequest, SandboxResponse } from '../http';
import type { CloudService, SandboxContext } from '../service';

export interface RestRoute<Call> {
  method: string;
  /** Matched against the path below the API base; its groups, percent-decoded, are the handler's params. */
  pattern: RegExp;
  /** The provider's name for the operation, for the call counters and fault rules. */
  operation: string;
  handler: (call: Call, params: string[]) => SandboxResponse;
}

/**
 * A route from a path template below the API base: `/network/:uuid` matches
 * `/network/<anything but a slash>`, with or without a trailing slash; the
 * `:name` segments become the handler's params, in order.
 */
export function route<Call>(
  method: string,
  template: string,
  operation: string,
  handler: RestRoute<Call>['handler'],
): RestRoute<Call> {
  const segments = template
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '([^/]+)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return { method, pattern: new RegExp(`^${segments.join('/')}/?$`), operation, handler };
}

/** What every handler gets: the request, the sandbox and the provider's part of the world. */
export interface RestCall<State> {
  req: SandboxRequest;
  ctx: SandboxContext;
  state: State;
}

/** Thrown by handlers to answer with an error; the service renders it in the provider's shape. */
export class RestFault extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The outcome of checking a request's credentials. */
export type RestAuthentication<Call> = { call: Call } | { refusal: SandboxResponse };

export interface RestServiceSpec<Call, Fault extends Error> {
  cloud: CloudKind;
  /** The path the service claims, e.g. `/upcloud`. */
  root: string;
  /** The API base below the root, e.g. `/upcloud/1.3`. */
  base: string;
  routes: readonly RestRoute<Call>[];
  /** The region a request addresses, for per-region fault rules; by default none (one global API). */
  region?: CloudService['region'];
  /** Checks the credentials; answers the handlers' call, or the provider's 401/403. */
  authenticate(req: SandboxRequest, ctx: SandboxContext): RestAuthentication<Call>;
  /** What handlers throw to answer with an error, and how it is rendered. */
  fault: {
    type: abstract new (...args: never[]) => Fault;
    render(fault: Fault): SandboxResponse;
  };
  /** The provider's answers for a path outside the API base, an unknown path and a wrong method. */
  noApi(req: SandboxRequest): SandboxResponse;
  notFound(req: SandboxRequest): SandboxResponse;
  methodNotAllowed(req: SandboxRequest): SandboxResponse;
  /** The provider's 429 answer; the service adds the Retry-After header. */
  throttled(req: SandboxRequest): SandboxResponse;
  serverError: CloudService['serverError'];
}

/** A CloudService that routes by the spec's table, after the base and credential checks. */
export function restService<Call, Fault extends Error>(
  spec: RestServiceSpec<Call, Fault>,
): CloudService {
  const subPath = (req: SandboxRequest) => req.path.slice(spec.base.length) || '/';
  const findRoute = (req: SandboxRequest) => {
    const path = subPath(req);
    for (const route of spec.routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(path);
      if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    }
    return undefined;
  };
  return {
    cloud: spec.cloud,
    claims: (req) => req.path === spec.root || req.path.startsWith(`${spec.root}/`),
    operation: (req) => findRoute(req)?.route.operation ?? 'unknown',
    region: spec.region ?? (() => undefined),
    handle(req, ctx) {
      if (!req.path.startsWith(`${spec.base}/`)) return spec.noApi(req);
      const authentication = spec.authenticate(req, ctx);
      if ('refusal' in authentication) return authentication.refusal;
      const found = findRoute(req);
      if (!found) {
        const known = spec.routes.some((r) => r.pattern.test(subPath(req)));
        return known ? spec.methodNotAllowed(req) : spec.notFound(req);
      }
      try {
        return found.route.handler(authentication.call, found.params);
      } catch (error) {
        if (error instanceof spec.fault.type) return spec.fault.render(error);
        throw error;
      }
    },
    throttled(req, retryAfterSeconds) {
      const answer = spec.throttled(req);
      return {
        ...answer,
        headers: { ...answer.headers, 'retry-after': String(retryAfterSeconds) },
      };
    },
    serverError: spec.serverError,
  };
}

/** The first value of a request header (Node gives repeated ones as an array). */
export function headerValue(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
