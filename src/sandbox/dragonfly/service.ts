import { text } from '../http';
import type { CloudService } from '../service';

/** Placeholder until the Dragonfly wire API lands: claims nothing. */
export const dragonflyService: CloudService = {
  cloud: 'dragonfly',
  claims: () => false,
  operation: () => 'unknown',
  region: () => undefined,
  handle: () => text(501, 'not implemented'),
  throttled: () => text(429, 'throttled'),
  serverError: () => text(500, 'internal error'),
};
