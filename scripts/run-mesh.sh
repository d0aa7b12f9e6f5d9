#!/usr/bin/env bash
# README command 1: the whole mesh on this machine. Builds the modules (no tests), starts a real
# Kafka broker (KRaft) and the four services on loopback with embedded CPU engines, runs a sample
# image and a sample video end to end and prints the answers. Pass --model DIR (a real HCX-Vision
# checkpoint in Hugging Face layout) for real answers; without it a tiny random checkpoint is
# generated and its answers are labelled as noise. --serve keeps the mesh up until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh

tessdata=/usr/share/tesseract-ocr/5/tessdata
if [ ! -f "$tessdata/kor.traineddata" ] || [ ! -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing Tesseract data (kor, eng) and Nanum fonts with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr-kor tesseract-ocr-eng fonts-nanum >/dev/null
  else
    echo "OCR needs Debian's tesseract-ocr-kor tesseract-ocr-eng (and fonts-nanum for the sample chart):" >&2
    echo "  sudo apt-get install tesseract-ocr-kor tesseract-ocr-eng fonts-nanum" >&2
    exit 1
  fi
fi

echo "== building (tests skipped; ./mvnw -B verify runs them)"
./mvnw -B -q -DskipTests install
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "e2e-tests/target/classes:$(cat e2e-tests/target/classpath.txt)" dev.hcxmesh.e2e.MeshLauncher "$@"
