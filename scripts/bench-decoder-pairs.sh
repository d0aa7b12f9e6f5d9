#!/usr/bin/env bash
# Pairs each decoder weight format with a llama.cpp run on the same box: the read probe, llama-bench
# tg128 at 2 threads, the probe again, then DecoderBench for that format alone (which takes its own
# probe before and after batch 1). The host's memory bandwidth can move between regimes within
# minutes, so compare a pair only where the probes agree (docs/BENCHMARKS.md).
#   LLAMA_BENCH=/path/to/llama-bench GGUF_DIR=/dir/with/BF16.gguf,Q8_0.gguf,Q4_0.gguf \
#     scripts/bench-decoder-pairs.sh [BF16 Q8_0 Q4_0]
# The GGUFs are llama.cpp models of the PERF-LIMITS shape (random weights are fine); heap: BENCH_XMX.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
: "${LLAMA_BENCH:?set LLAMA_BENCH to a llama-bench binary}" "${GGUF_DIR:?set GGUF_DIR to the folder of <format>.gguf}"
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(BF16 Q8_0 Q4_0)
./mvnw -B -q -DskipTests install -pl svc-decoder -am
./mvnw -B -q -pl svc-decoder test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cd svc-decoder
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
probe() { # ReadProbe starts its own JVM with the flags it needs
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$cp" dev.hcxmesh.decoder.engine.bench.ReadProbe 2 3 2>/dev/null | awk '{printf "%.1f", $1}'
}
for f in "${formats[@]}"; do
  before=$(probe)
  llama=$("$LLAMA_BENCH" -m "$GGUF_DIR/$f.gguf" -t 2 -p 0 -n 128 -r 2 2>&1 | awk -F'|' '/tg128/ {split($(NF-1), v, " "); print v[1]}')
  after=$(probe)
  ours=$("$JAVA_HOME/bin/java" -Xmx"${BENCH_XMX:-14g}" -XX:+UseTransparentHugePages --add-modules jdk.incubator.vector \
    -Dbench.formats="$f" -Dbench.tokens8=8 -Dbench.peer="$f=$llama" -Dbench.peerSource="llama-bench on this box just before" -cp "$cp" \
    dev.hcxmesh.decoder.engine.bench.DecoderBench 2>&1 | grep "^$f: batch1")
  echo "$f: llama.cpp tg128 $llama tok/s (read probe $before / $after GB/s before / after) | $ours"
done
