# Sourced by .ci/run (and the lab script): settles JAVA_HOME on a JDK 25 or stops with a clear message.
# Order: $JAVA_HOME if it is a JDK 25 or newer, else the machine's Temurin 25, else fail.
LAB_JDK_FALLBACK=/usr/lib/jvm/temurin-25-jdk-amd64
LAB_JDK_MIN=25

jdk_feature_version() { # prints the feature version (25) of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

require_jdk25() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" "$LAB_JDK_FALLBACK"; do
    [ -n "$candidate" ] || continue
    version=$(jdk_feature_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$LAB_JDK_MIN" ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "Concurrency Lab needs JDK $LAB_JDK_MIN or newer." >&2
  echo "  JAVA_HOME=${JAVA_HOME:-<unset>} is $( [ -n "${JAVA_HOME:-}" ] && echo "JDK $(jdk_feature_version "$JAVA_HOME")" || echo "not set" )," >&2
  echo "  and $LAB_JDK_FALLBACK does not hold one." >&2
  echo "  Install a JDK $LAB_JDK_MIN (e.g. Temurin 25) and point JAVA_HOME at it." >&2
  return 1
}
