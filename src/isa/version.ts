// The package version, read once from package.json (two levels up from src/isa/ and from dist/isa/ alike).
import { readFileSync } from 'node:fs';

/** addersim's version, as in package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
