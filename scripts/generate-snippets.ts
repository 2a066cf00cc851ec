/**
 * Writes snippets/*.json from the plan renderers (src/plans/snippets.ts).
 * Run `npm run snippets` after changing a renderer or a scenario; a unit test
 * fails while the committed files differ from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snippetFiles } from '../src/plans/snippets';

const dir = join(__dirname, '..', 'snippets');
for (const [name, text] of Object.entries(snippetFiles())) {
  writeFileSync(join(dir, name), text);
  console.log(`wrote snippets/${name}`);
}
