#!/usr/bin/env bash
# svc-ingest decode benchmark: JavaCV ingest path vs the ffmpeg CLI on the same 1080p H.264 clip.
# Writes svc-ingest/target/bench/ingest.md. Needs the Debian `ffmpeg` CLI (clip generation + reference).
# Run briefly on a quiet machine; numbers on a shared 2-core box vary by ±30 %.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
THREADS=${THREADS:-2}
OUT=svc-ingest/target/bench
mkdir -p "$OUT"
CLIP=$OUT/clip1080.mp4

if [[ ! -s $CLIP ]]; then
  ffmpeg -y -loglevel error -f lavfi -i testsrc2=size=1920x1080:rate=30 -t 10 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p "$CLIP"
fi

# ffmpeg CLI decode speed: best of 3 wall-clock runs
best=""
for _ in 1 2 3; do
  t0=$(date +%s.%N)
  ffmpeg -loglevel error -threads "$THREADS" -i "$CLIP" -f null -
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l)
  if [[ -z $best ]] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
done
echo "ffmpeg CLI best: ${best}s"

mvn -o -B -q -pl svc-ingest -am test-compile -Dspotless.check.skip=true
mvn -o -B -q -pl svc-ingest dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/cp.txt"
# use this checkout's module classes rather than the shared ~/.m2 snapshots
CP=$(sed -e "s#[^:]*hcx-proto-[^:]*SNAPSHOT.jar#$PWD/proto/target/classes#" \
         -e "s#[^:]*hcx-model-[^:]*SNAPSHOT.jar#$PWD/hcx-model/target/classes#" "$OUT/cp.txt")
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "svc-ingest/target/test-classes:svc-ingest/target/classes:$CP" \
  dev.hcxmesh.ingest.video.IngestBench "$CLIP" "$THREADS" "$best" "$OUT/ingest.md"
