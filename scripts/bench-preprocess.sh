#!/usr/bin/env bash
# HCX image preprocessing throughput: Java (JMH, hcx-model test scope) vs Pillow, same 1920x1080 JPEGs.
# Writes target/bench/preprocess.md. Brief by default (shared machine); BENCH_LONG=1 for longer runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=target/bench
mkdir -p "$OUT"
if [[ "${BENCH_LONG:-0}" == 1 ]]; then JMH_ARGS=(-f 1 -wi 3 -w 3s -i 5 -r 5s); PY_SECS=10; else JMH_ARGS=(-f 1 -wi 1 -w 2s -i 2 -r 3s); PY_SECS=4; fi

mvn -o -B -q -pl hcx-model -am test-compile -Dspotless.check.skip=true
mvn -o -B -q -pl hcx-model dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/hcx-model.cp"
CP="hcx-model/target/test-classes:hcx-model/target/classes:$(cat "$OUT/hcx-model.cp")"
JVM=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

"$JAVA_HOME/bin/java" "${JVM[@]}" -cp "$CP" dev.hcxmesh.model.image.PreprocessBench --write-images "$OUT/preprocess-images"
"$JAVA_HOME/bin/java" "${JVM[@]}" -cp "$CP" org.openjdk.jmh.Main 'dev.hcxmesh.model.image.PreprocessBench' "${JMH_ARGS[@]}" \
  -jvmArgs "${JVM[*]}" -rf json -rff "$OUT/jmh-preprocess.json" | tee "$OUT/jmh-preprocess.txt"
/usr/bin/python3 e2e-tests/src/test/python/bench_pillow_preprocess.py "$OUT/preprocess-images" "$PY_SECS" | tee "$OUT/pillow-preprocess.txt"

/usr/bin/python3 - "$OUT" <<'PY'
import json, sys, os, datetime
out = sys.argv[1]
mpx = 1920 * 1080 / 1e6
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(os.path.join(out, "jmh-preprocess.json")))}
py, head = {}, ""
for line in open(os.path.join(out, "pillow-preprocess.txt")):
    if line.startswith("#"):
        head = line[1:].strip()
    elif line.strip():
        k, ops, _ = line.split()
        py[k] = float(ops)
load = os.getloadavg()
rows = ["| step | Java ops/s | Java Mpx/s | Pillow ops/s | Pillow Mpx/s | Java/Pillow |", "|---|---|---|---|---|---|"]
for k in ("decode", "tile", "decodeAndTile"):
    j, p = jmh.get(k, float("nan")), py.get(k, float("nan"))
    rows.append(f"| {k} | {j:.2f} | {j*mpx:.1f} | {p:.2f} | {p*mpx:.1f} | {j/p:.2f}x |")
text = f"""# HCX image preprocessing throughput

{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load average {load[0]:.1f}/{load[1]:.1f}
(shared machine: numbers are indicative only). Single thread, 1920x1080 baseline JPEG q90, 4 images.
Java: JMH ({' '.join(sys.argv[2:]) or 'brief settings'}), {head and 'Pillow: ' + head}.
Steps: decode = bytes to RGB; tile = global view + 2x4 anyres tiles (uint8, BICUBIC); decodeAndTile = both.

""" + "\n".join(rows) + "\n"
open(os.path.join(out, "preprocess.md"), "w").write(text)
print(text)
PY
