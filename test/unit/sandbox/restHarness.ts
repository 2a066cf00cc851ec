/**
 * Shared by the UpCloud, Aiven and Dragonfly Cloud tests: the demo sandbox for
 * a suite, and JSON over Node's fetch. These clouds have no official Node SDK,
 * so plain HTTP is the real client here, as it is in the extension.
 */
import type { RunningSandbox } from '../../../src/sandbox/api';
import { startSandbox } from '../../../src/sandbox/server';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface JsonAnswer {
  status: number;
  /** The parsed body; `{}` for an empty one. Lists are bare arrays on some APIs. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/**
 * Starts the demo world for the suite (handing it to `started`) and stops it
 * after; every test begins with a fresh demo world and no faults.
 */
export function useDemoSandbox(
  operationDelayMs: number,
  started: (sandbox: RunningSandbox) => void,
): void {
  let sandbox: RunningSandbox | undefined;
  before(async () => {
    sandbox = await startSandbox({ world: 'demo', operationDelayMs });
    started(sandbox);
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox?.admin.reset('demo');
    sandbox?.admin.setFaults([]);
  });
}

/**
 * A caller for one API: `(method, route, body?, headers?)`, with `headers`
 * defaulting to `auth` and `always` sent on every call. `base` is read per
 * call, since the sandbox starts after the suite is declared.
 */
export function jsonApi(
  base: () => string,
  auth: Record<string, string>,
  always: Record<string, string> = {},
) {
  return (method: string, route: string, body?: unknown, headers = auth) =>
    fetchJson(`${base()}${route}`, method, body, { ...headers, ...always });
}

/** Sends `body` as JSON (a string goes as it is, to test garbage) and parses the answer. */
async function fetchJson(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<JsonAnswer> {
  const res = await fetch(url, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as unknown) : {},
    headers: res.headers,
  };
}

export function keys(o: Json): string[] {
  return Object.keys(o).sort();
}
