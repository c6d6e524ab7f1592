#!/bin/sh
# Builds talib_bench with gcc -O2 from the TA-Lib C sources shipped inside the npm `talib` package
# (no network). Output: bench/.cache/talib_bench.
set -e
here=$(cd "$(dirname "$0")" && pwd)
ta="$here/../../node_modules/talib/src/lib"
out="$here/../.cache"
mkdir -p "$out/talib-obj"
for src in "$ta"/src/ta_func/*.c "$ta"/src/ta_common/*.c; do
  obj="$out/talib-obj/$(basename "$src" .c).o"
  [ "$obj" -nt "$src" ] || gcc -O2 -c -w -DTA_SINGLE_THREAD -I"$ta/include" -I"$ta/src/ta_common" "$src" -o "$obj" &
done
wait
gcc -O2 -I"$ta/include" "$here/talib_bench.c" "$out"/talib-obj/*.o -lm -o "$out/talib_bench"
echo "$out/talib_bench"
