import { text } from '../http';
import type { CloudService } from '../service';

/** Placeholder until the Upcloud wire API lands: claims nothing. */
export const upcloudService: CloudService = {
  cloud: 'upcloud',
  claims: () => false,
  operation: () => 'unknown',
  region: () => undefined,
  handle: () => text(501, 'not implemented'),
  throttled: () => text(429, 'throttled'),
  serverError: () => text(500, 'internal error'),
};
