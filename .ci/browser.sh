# Sourced by .ci/run: the web UI tests drive Debian's headless Chromium; install it if missing.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium and chromium-driver" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
    || { echo "could not install Chromium" >&2; exit 1; }
fi
