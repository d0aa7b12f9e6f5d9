#!/usr/bin/env bash
# Runs a benchmark main from a module's test scope: scripts/bench.sh <module> <main-class> [args...]
# e.g. scripts/bench.sh svc-vision-encoder dev.hcxmesh.encoder.engine.cpu.VisionBench 2 2 all
# Reports land in <module>/target/bench/. Heap: BENCH_XMX (default 10g). JVM options such as the
# benchmarks' -Dbench.* properties: BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.formats=Q4_0".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
module=$1; main=$2; shift 2
./mvnw -B -q -DskipTests install -pl "$module" -am
./mvnw -B -q -pl "$module" test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cd "$module"
exec "$JAVA_HOME/bin/java" -Xmx"${BENCH_XMX:-10g}" -XX:+UseTransparentHugePages --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED ${BENCH_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" "$main" "$@"
