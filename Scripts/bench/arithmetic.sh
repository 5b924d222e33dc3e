#!/bin/bash
# usage: Scripts/bench/arithmetic.sh BINARY
# Times three 10^6-iteration scalar loops (best of 5 runs, user CPU seconds): plain integers,
# decimals (s + i * 0.01) and a mixed-unit sum (s + 1 kg into t). Compare two release builds,
# e.g. main and this branch: swift build -c release --product vmp; Scripts/bench/arithmetic.sh .build/release/vmp
bin=$1
run() { best=999; for i in 1 2 3 4 5; do s=$( { /usr/bin/time -f "%U" $bin -e "$1" >/dev/null; } 2>&1 ); best=$(echo "$s $best" | awk '{print ($1<$2)?$1:$2}'); done; echo "$best"; }
echo "integers   $(run $'let s = 0\nfor i in 1..1000000 { let s = s + i }\ns')"
echo "decimals   $(run $'let s = 0\nfor i in 1..1000000 { let s = s + i * 0.01 }\ns')"
echo "units      $(run $'let s = 0 t\nfor i in 1..1000000 { let s = s + 1 kg }\ns')"
