#!/usr/bin/env bash
# Proves that `npm run new-module` still makes a module that passes Biome, the door check, the type
# check and its own first test: scaffolds one in a throw-away worktree of HEAD (CI runs this).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/node_modules/.bin:$PATH" # the project's Node 24 and tools
wt="$(mktemp -d)/bullpen-scaffold"
git -C "$root" worktree add -q --detach "$wt" HEAD
trap 'git -C "$root" worktree remove --force "$wt"' EXIT
# The worktree shares the installed packages.
ln -s "$root/node_modules" "$wt/node_modules"
for d in "$root"/*/node_modules; do ln -s "$d" "$wt/$(basename "$(dirname "$d")")/node_modules"; done
cd "$wt"
npm run -s new-module -- smoke
npx biome check server/src/modules/smoke server/src/modules.ts
node scripts/check-module-doors.ts
npx tsc --noEmit -p server
npx vitest run --project server server/src/modules/smoke
echo "scaffold smoke test ok"
