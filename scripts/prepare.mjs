// `npm install`'s `prepare` step: `npm run build`, unless dist/ is already built from today's inputs.
// Why: the first `npx addersim` in a checkout does not find `addersim` in node_modules/.bin (a package is
// not its own dependency), so npm links the checkout into its npx cache (~/.npm/_npx/…) as a `file:`
// package and runs this script again: a full rebuild (~10-25 s) for a dist/ built seconds earlier.
// Built = every output below exists and is newer than every input (src/, the build scripts, the CPU
// profiles the explorer embeds, package.json). ADDERSIM_BUILD=1 forces the build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUTS = ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/worker-task.js', 'dist/explorer/index.html'];
const INPUTS = [
  'src',
  'cpu-profiles',
  'scripts/build.mjs',
  'scripts/build-explorer.ts',
  'scripts/prepare.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

/** Newest modification time under `path` (a file, or a folder walked recursively); 0 when missing. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const f of readdirSync(path, { recursive: true, encoding: 'utf8' })) t = Math.max(t, statSync(join(path, f)).mtimeMs);
  return t;
}

/** Why the build must run, or undefined when dist/ is newer than every input. */
export function staleReason(dir = root) {
  if (process.env.ADDERSIM_BUILD === '1') return 'ADDERSIM_BUILD=1';
  const missing = OUTPUTS.find((f) => !existsSync(join(dir, f)));
  if (missing) return `${missing} is missing`;
  const builtAt = Math.min(...OUTPUTS.map((f) => statSync(join(dir, f)).mtimeMs));
  const changed = INPUTS.find((f) => newest(join(dir, f)) > builtAt);
  return changed ? `${changed} changed since the build` : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const why = staleReason();
  if (why === undefined) process.stdout.write('addersim: dist/ is newer than every source: build skipped (ADDERSIM_BUILD=1 npm run prepare forces it)\n');
  else {
    process.stdout.write(`addersim: building dist/ (${why})\n`);
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
}
