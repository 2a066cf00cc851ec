import { join } from 'node:path';

/**
 * Published API shapes the sandbox and adapters are checked against, kept in
 * the repository (test/fixtures/published; provenance and licences in its
 * README.md), so a clone needs nothing beside it.
 */
export const PUBLISHED_FIXTURES = join(__dirname, '..', 'fixtures', 'published');

/** Path of a published fixture, e.g. `publishedFixture('aws', 'ec2-peering-subset.json')`. */
export function publishedFixture(...parts: string[]): string {
  return join(PUBLISHED_FIXTURES, ...parts);
}
