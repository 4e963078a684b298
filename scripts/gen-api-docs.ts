// `npm run docs:api`: writes docs/api/README.md (scripts/lib/api-docs.ts). `--check`: exit 1 if it is stale.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { apiReference } from './lib/api-docs.ts';

const root = join(import.meta.dirname, '..');
const file = join(root, 'docs', 'api', 'README.md');
const text = apiReference(root);
if (process.argv.includes('--check')) {
  const same = existsSync(file) && readFileSync(file, 'utf8') === text;
  console.log(same ? 'docs/api/README.md is up to date' : 'docs/api/README.md is stale: run npm run docs:api');
  process.exitCode = same ? 0 : 1;
} else {
  mkdirSync(join(root, 'docs', 'api'), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote docs/api/README.md (${text.split('\n').length} lines)`);
}
