#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tether-cli (journaling every chunk) side by side with the official openai-node SDK (storing
# nothing) on one machine, in one run: the same 200,000-chunk Chat Completions stream from a
# loopback server, whole process wall time, the two alternating, 5 runs each. Prints each run,
# the medians and the ratio tether-cli / SDK.
#
#   bench/sdk-vs-cli.sh [BUILD_DIR]      (CHUNKS=… RUNS=… to change the workload)
#
# Needs node and npm (Debian packages); openai is installed from bench/node/package-lock.json.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
chunks=${CHUNKS:-200000}
runs=${RUNS:-5}
cli="$build/bin/tether-cli"
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 2; }
command -v node >/dev/null || { echo "node is needed (apt install nodejs npm)" >&2; exit 2; }
if [ ! -d "$here/node/node_modules/openai" ]; then
    (cd "$here/node" && npm ci --no-audit --no-fund --silent)
fi

tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
"$build/bin/bench_stream" --serve --chunks "$chunks" >"$tmp/port" &
server=$!
while [ ! -s "$tmp/port" ]; do sleep 0.05; done
url="http://127.0.0.1:$(head -n1 "$tmp/port")/v1"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "stream: $chunks chunks from $url; node $(node --version), openai $(node -p "require('$here/node/node_modules/openai/package.json').version")"
: >"$tmp/cli"
: >"$tmp/sdk"
i=1
while [ "$i" -le "$runs" ]; do
    data="$tmp/data$i"
    t0=$(now)
    OPENAI_BASE_URL=$url OPENAI_API_KEY=sk-bench TETHER_MODEL=gpt-4o-mini \
        "$cli" --data-dir "$data" send bench >/dev/null
    t1=$(now)
    node "$here/node/consume.mjs" "$url" 2>"$tmp/sdk.log"
    t2=$(now)
    rows=$(OPENAI_API_KEY= "$cli" --data-dir "$data" show last --format json |
        node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s).messages.at(-1);console.log(m.content.length)})')
    ms "$t0" "$t1" >>"$tmp/cli"
    ms "$t1" "$t2" >>"$tmp/sdk"
    echo "run $i: tether-cli $(ms "$t0" "$t1") ms (reply of $rows characters journaled), openai-node $(ms "$t1" "$t2") ms ($(cat "$tmp/sdk.log"))"
    rm -rf "$data"
    i=$((i + 1))
done
cli_ms=$(median <"$tmp/cli")
sdk_ms=$(median <"$tmp/sdk")
echo "median: tether-cli $cli_ms ms, openai-node $sdk_ms ms"
echo "ratio tether-cli / openai-node: $(awk -v a="$cli_ms" -v b="$sdk_ms" 'BEGIN { printf "%.2f", a / b }') (goal: at most 0.50)"
