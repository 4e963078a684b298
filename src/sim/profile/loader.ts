// Loads CPU profiles by name (cpu-profiles/NAME.json) or path; resolves `extends` with deep-merged
// overrides; validates strictly and reports the file and JSON path of any bad field. The pure parts
// (merge, validation, `extends` within JSON in memory) are in ./validate.ts, shared with the browser.

import { readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AddersimError, didYouMean, parseJsonText } from '../../isa/index.ts';
import { readInputText } from '../../isa/read-input.ts';
import type { Profile } from './schema.ts';
import { applyOverrides, checkPortsUsed, isPlainObject, validateProfile } from './validate.ts';
import { PACKAGE_ROOT } from '../../isa/package-root.ts';
import { ARG, checkArgs } from '../../isa/api-args.ts';

export * from './validate.ts';

export const PROFILES_DIR = join(PACKAGE_ROOT, 'cpu-profiles/');

export function listProfileNames(dir = PROFILES_DIR): string[] {
  checkArgs('listProfileNames', [['dir', ARG.text, dir]]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

function readJson(file: string): unknown {
  return parseJsonText(readInputText(file, 'profile file'), file);
}

/** Is `ref` a path (has a slash or ends in .json) rather than a profile name? */
export function isProfilePath(ref: string): boolean {
  return ref.includes('/') || ref.endsWith('.json');
}

function locate(ref: string, dir: string): string {
  if (isProfilePath(ref)) return resolve(ref);
  const file = join(dir, `${ref}.json`);
  if (!existsSync(file)) {
    const names = listProfileNames(dir);
    throw new AddersimError('BAD_INPUT', `unknown CPU profile "${ref}"${didYouMean(ref, names)} (known: ${names.join(', ')})`, '--cpu');
  }
  return file;
}

/** Raw JSON of a profile with `extends` resolved (not yet validated). */
function resolveRaw(ref: string, dir: string, seen: string[]): { data: unknown; file: string } {
  const file = locate(ref, dir);
  if (seen.includes(file)) throw new AddersimError('BAD_INPUT', `"extends" forms a cycle: ${[...seen, file].join(' → ')}`, file);
  const data = readJson(file);
  if (isPlainObject(data) && 'extends' in data) {
    const { extends: parent, ...over } = data;
    if (typeof parent !== 'string') throw new AddersimError('BAD_INPUT', '"extends" must be a profile name or path', `${file}: extends`);
    if (!isProfilePath(parent) && !existsSync(join(dir, `${parent}.json`))) {
      throw new AddersimError(
        'BAD_INPUT',
        `"extends" names an unknown profile "${parent}"${didYouMean(parent, listProfileNames(dir))} (known: ${listProfileNames(dir).join(', ')})`,
        `${file}: extends`,
      );
    }
    if (isProfilePath(parent) && !existsSync(resolve(dirname(file), parent))) {
      throw new AddersimError('BAD_INPUT', `"extends" names a missing file "${parent}"`, `${file}: extends`);
    }
    const base = resolveRaw(isProfilePath(parent) ? resolve(dirname(file), parent) : parent, dir, [...seen, file]);
    // A what-if file without a name of its own is named after the file, so that messages and results name
    // it rather than the profile it extends.
    const own = basename(file)
      .replace(/\.json$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '');
    const named = Object.hasOwn(over, 'name') ? over : { ...over, name: own || 'what-if' };
    return { data: applyOverrides(base.data, named, file), file };
  }
  return { data, file };
}

/**
 * Loads a CPU profile by name (cpu-profiles/NAME.json, `addersim profiles` lists them) or by path,
 * resolving `extends` and validating it strictly: errors name the file and the JSON path of the bad field.
 * @example
 * const nano = loadProfile('via-nano-2000');
 * nano.forms['mul.f64']?.latency;                           // 4 (the paper's x87/SSE2 double row)
 */
export function loadProfile(ref: string, dir = PROFILES_DIR): Profile {
  checkArgs('loadProfile', [
    ['ref', ARG.text, ref],
    ['dir', ARG.text, dir],
  ]);
  const { data, file } = resolveRaw(ref, dir, []);
  const p = validateProfile(data, file);
  checkPortsUsed(p, file);
  return p;
}
