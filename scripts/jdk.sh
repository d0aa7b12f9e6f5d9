# Selects a JDK 25 for the build (sourced by scripts and .ci/run). The machine's default java may be 17.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F= '/java.specification.version/ {gsub(/ /,"",$2); print $2}'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 25 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25*; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ]; then
  echo "A JDK 25 is required (Vector API, FFM). Set JAVA_HOME to one (e.g. Temurin 25)." >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
