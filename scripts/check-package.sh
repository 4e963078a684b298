#!/usr/bin/env bash
# `npm run check:package`: the package as a user gets it. Packs the tarball (prepare builds dist/), checks
# it holds no tests, installs it into an empty folder, then runs `npx addersim --help`, `npx addersim
# report`, a plain-Node consumer (test/package/consumer/use.mjs: must print lenet5-bn's AdderNet serial
# cycles, 1,666,080), the worker threads (pool.mjs: same cycles on 2 threads) and type-checks a TypeScript consumer (use.ts) against the published declarations.
# Needs the npm registry (the tarball's dependencies are installed from it). Exit 0 only if all pass.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/addersim-pkg.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$root"
tgz="$(npm pack --silent --pack-destination "$work" | tail -1)"
echo "packed $tgz: $(tar -tzf "$work/$tgz" | wc -l) files"
if tar -tzf "$work/$tgz" | grep -E '^package/(test|src|scripts|bench|examples)/|\.test\.'; then
  echo "FAIL: the tarball holds tests or sources (above)" >&2
  exit 1
fi
mkdir "$work/app" && cd "$work/app"
echo '{ "name": "addersim-consumer", "private": true, "type": "module" }' > package.json
cp "$root/test/package/consumer/"{use.mjs,pool.mjs,use.ts,tsconfig.json} .
npm install --no-audit --no-fund --loglevel=error "$work/$tgz" "@types/node@^20" >/dev/null
npx --no-install addersim --help | head -3
npx --no-install addersim report --no-progress
test -s reports/addernet-study/index.html || { echo "FAIL: no reports/addernet-study/index.html" >&2; exit 1; }
npx --no-install addersim explore --out explorer && test -s explorer/explorer.js
out="$(node use.mjs)"
echo "$out"
[[ "$out" == 'lenet5-bn adder serial cycles: 1,666,080' ]] || { echo "FAIL: use.mjs printed the wrong figure" >&2; exit 1; }
node pool.mjs
# a validation error through the bundled zod: one line naming the file and field, exit 1
set +e; err="$(npx --no-install addersim profiles validate package.json 2>&1)"; rc=$?; set -e
echo "$err"
[[ $rc == 1 && "$err" == *'package.json: schema: Invalid input: expected "addersim/profile@1"'* ]] || { echo "FAIL: profiles validate package.json (exit $rc)" >&2; exit 1; }
node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json && echo "use.ts type-checks against the published types"
echo "check:package OK"
