import type { IncomingHttpHeaders } from 'node:http';

/** A request as every sandbox service sees it: the body is already read. */
export interface SandboxRequest {
  method: string;
  url: URL;
  /** Path without the query string, percent-decoded per segment is left to the service. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Which listener it arrived on. */
  listener: 'http' | 'https';
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: value === undefined ? '' : JSON.stringify(value),
  };
}

export function xml(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): SandboxResponse {
  return { status, headers: { 'content-type': 'text/xml;charset=UTF-8', ...headers }, body };
}

export function bodyText(req: SandboxRequest): string {
  return req.body.toString('utf8');
}

/** Parses a JSON body; returns undefined for an empty body, throws BadJson for garbage. */
export function bodyJson(req: SandboxRequest): unknown {
  const t = bodyText(req).trim();
  if (!t) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    throw new BadJsonError(t.slice(0, 80));
  }
}

export class BadJsonError extends Error {
  constructor(readonly excerpt: string) {
    super(`request body is not valid JSON: ${excerpt}`);
  }
}

/** Escapes text for an XML element or attribute. */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
