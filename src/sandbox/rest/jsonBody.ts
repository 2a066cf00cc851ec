/**
 * Request bodies of the sandbox's REST-style services: a JSON object, with
 * garbage and non-objects refused in the provider's own words.
 */
import { BadJsonError, bodyJson, type SandboxRequest } from '../http';

/** The provider's faults for a body that is not valid JSON, or not a JSON object. */
export interface JsonBodyFaults {
  invalidJson(excerpt: string): Error;
  notAnObject(): Error;
}

export function jsonObjectBody(
  req: SandboxRequest,
  faults: JsonBodyFaults,
): Record<string, unknown> {
  let body: unknown;
  try {
    body = bodyJson(req);
  } catch (error) {
    if (error instanceof BadJsonError) throw faults.invalidJson(error.excerpt);
    throw error;
  }
  if (!isJsonObject(body)) throw faults.notAnObject();
  return body;
}

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
