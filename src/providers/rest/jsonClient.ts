/**
 * JSON over HTTP for the clouds without an official Node SDK (UpCloud, Aiven,
 * Dragonfly Cloud), on Node's global fetch. This is the one place for request
 * timeouts, retries (through `withRetry`, so every cloud backs off the same
 * way), Retry-After, error-body decoding and request logging.
 *
 * Logging never sees a secret: lines carry the method, path, status and timing
 * only, never headers or bodies, and go through `maskSecrets` besides.
 */
import {
  AbortError,
  parseRetryAfter,
  withRetry,
  type RetryClassification,
  type RetryOptions,
} from '../../async/retry';
import { maskSecrets } from '../../model/redact';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a provider's error body says, decoded by the provider's own callback. */
export interface DecodedError {
  /** The provider's error code (UpCloud's PEERING_CONFLICT), when it has one. */
  code?: string;
  message: string;
}

export type ErrorBodyDecoder = (status: number, body: unknown, text: string) => DecodedError;

/** Bounds for the retry loop; every field has a default. */
export type RestRetryOptions = Pick<
  RetryOptions,
  'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'random' | 'onRetry'
>;

/** Knobs shared by the three REST adapters; `createProvider` uses the defaults. */
export interface RestProviderOptions {
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  retry?: RestRetryOptions;
  /** Receives one secret-free line per request. */
  log?: (line: string) => void;
  /** How often multi-step actions poll for a state (default 1 s). */
  pollIntervalMs?: number;
}

export interface JsonClientConfig extends RestProviderOptions {
  /** For log lines and messages: "UpCloud". */
  service: string;
  /** Base URL without a trailing slash, e.g. https://api.upcloud.com. */
  baseUrl: string;
  /** The Authorization header value. Sent, never logged. */
  authorization: string;
  decodeError: ErrorBodyDecoder;
}

export interface JsonRequest {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`, segments already encoded. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

/** The provider answered with a non-2xx status. */
export class HttpError extends Error {
  readonly status: number;
  readonly code?: string;
  /** The provider's own message, without the status prefix. */
  readonly providerMessage: string;
  readonly retryAfterMs?: number;
  readonly method: HttpMethod;
  readonly path: string;

  constructor(init: {
    status: number;
    code?: string;
    providerMessage: string;
    retryAfterMs?: number;
    method: HttpMethod;
    path: string;
  }) {
    super(`${init.status}${init.code ? ` ${init.code}` : ''}: ${init.providerMessage}`);
    this.name = 'HttpError';
    this.status = init.status;
    this.code = init.code;
    this.providerMessage = init.providerMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.method;
    this.path = init.path;
  }
}

/** The request never got an answer: refused, unresolvable host, reset. */
export class TransportError extends Error {
  constructor(
    /** ECONNREFUSED, ENOTFOUND, ECONNRESET, ... from fetch's `cause`. */
    readonly code: string,
    readonly method: HttpMethod,
    readonly url: string,
    cause: unknown,
  ) {
    super(`${method} ${url} failed (${code})`, { cause });
    this.name = 'TransportError';
  }
}

/** No answer within the per-request timeout. */
export class RequestTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly method: HttpMethod,
    readonly url: string,
  ) {
    super(`${method} ${url}: no answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** Connection failures worth another try: the server may answer the next one. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * 429 and 5xx are retried, 429 as throttling with its Retry-After. Resets and
 * timeouts are retried only for idempotent methods: a POST that timed out may
 * have created the resource. Refused connections and unknown hosts are not
 * retried: the endpoint is wrong, and the user should hear it at once.
 */
export function classifyHttpError(error: unknown): RetryClassification {
  if (error instanceof HttpError) {
    if (error.status === 429)
      return { retryable: true, throttled: true, retryAfterMs: error.retryAfterMs };
    if (error.status >= 500) return { retryable: true, retryAfterMs: error.retryAfterMs };
    return { retryable: false };
  }
  if (error instanceof TransportError)
    return { retryable: TRANSIENT_CODES.has(error.code) && IDEMPOTENT.has(error.method) };
  if (error instanceof RequestTimeoutError) return { retryable: IDEMPOTENT.has(error.method) };
  return { retryable: false };
}

/** The system error code under fetch's "fetch failed" TypeError (it may sit in an AggregateError). */
export function transportCode(error: unknown): string | undefined {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause && typeof cause === 'object'; depth++) {
    const c = cause as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors) && c.errors.length) cause = c.errors[0];
    else cause = c.cause;
  }
  return undefined;
}

export class JsonHttpClient {
  constructor(private readonly config: JsonClientConfig) {}

  get baseUrl(): string {
    return this.config.baseUrl;
  }

  /** Sends a request with retries; resolves to the parsed body, or undefined for an empty one. */
  async send<T>(request: JsonRequest): Promise<T> {
    const retry = this.config.retry ?? {};
    return withRetry((attempt) => this.once<T>(request, attempt), {
      ...retry,
      // Without an explicit bound, withRetry's two budgets apply (a few attempts for a 5xx, many
      // for throttling), as for the SDK-based adapters.
      maxAttempts: retry.maxAttempts,
      classify: classifyHttpError,
      signal: request.signal,
    });
  }

  private async once<T>(request: JsonRequest, attempt: number): Promise<T> {
    const { method, path } = request;
    const url = this.url(path, request.query);
    const timeoutMs = this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.config.authorization,
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const started = Date.now();
    let status = 0;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
      });
      status = response.status;
      const text = await response.text();
      const body = parseJson(text);
      if (!response.ok) {
        const decoded = this.config.decodeError(response.status, body, text);
        throw new HttpError({
          status: response.status,
          code: decoded.code,
          providerMessage: decoded.message,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
          method,
          path,
        });
      }
      if (text.trim() !== '' && body === undefined) {
        throw new Error(
          `${this.config.service} answered ${method} ${path} with a body that is not JSON: ${text.slice(0, 80)}`,
        );
      }
      return body as T;
    } catch (error) {
      if (request.signal?.aborted) throw new AbortError();
      if (timeout.aborted) throw new RequestTimeoutError(timeoutMs, method, url);
      if (error instanceof HttpError) throw error;
      const code = transportCode(error);
      if (code) throw new TransportError(code, method, url, error);
      throw error;
    } finally {
      this.log(method, path, status, Date.now() - started, attempt);
    }
  }

  private url(path: string, query?: Record<string, string | undefined>): string {
    const url = new URL(this.config.baseUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url.toString();
  }

  private log(method: string, path: string, status: number, ms: number, attempt: number): void {
    if (!this.config.log) return;
    const outcome = status ? String(status) : 'no answer';
    const retry = attempt > 1 ? ` (attempt ${attempt})` : '';
    this.config.log(
      maskSecrets(`${this.config.service} ${method} ${path} → ${outcome} in ${ms} ms${retry}`),
    );
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `/a/${segment}` with each dynamic segment encoded, so an id can never change the path. */
export function pathOf(strings: TemplateStringsArray, ...segments: string[]): string {
  return strings.reduce(
    (out, s, i) => out + s + (i < segments.length ? encodeURIComponent(segments[i]) : ''),
    '',
  );
}
