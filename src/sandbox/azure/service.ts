import { text } from '../http';
import type { CloudService } from '../service';

/** Placeholder until the Azure wire API lands: claims nothing. */
export const azureService: CloudService = {
  cloud: 'azure',
  claims: () => false,
  operation: () => 'unknown',
  region: () => undefined,
  handle: () => text(501, 'not implemented'),
  throttled: () => text(429, 'throttled'),
  serverError: () => text(500, 'internal error'),
};
