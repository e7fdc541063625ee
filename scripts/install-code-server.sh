#!/usr/bin/env bash
# Installs code-server (a real VS Code server + web workbench, from npm) once per machine into
# ~/.cache/kjob/code-server-<version>/. The real-editor tests (test/e2e) and `npm start` use it.
# Does nothing when already installed; prints the install directory as its last line.
#
# Why the steps below (see the project's editor-tests notes):
# - code-server's native modules build against Debian's -dev packages (listed in .ci/run);
# - its bundled @vscode/ripgrep downloads `rg` from GitHub in a postinstall step unless it finds a
#   cached archive, so we place one built from Debian's ripgrep where it looks first;
# - a nested `npx node-gyp` would wait at a prompt without npm_config_yes=true;
# - as root, npm drops privileges for install scripts unless --unsafe-perm.
set -euo pipefail
VERSION=4.100.3           # the last code-server line that declares Node 20; keep pinned
RG_PKG_VERSION=1.15.11    # @vscode/ripgrep version bundled by that code-server
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
cache="${KJOB_CACHE:-$HOME/.cache/kjob}"
out="$cache/code-server-$VERSION"
entry="$out/node_modules/code-server/out/node/entry.js"

installed() { [ -f "$out/.kjob-complete" ] && [ -f "$entry" ]; }
if installed; then echo "$out"; exit 0; fi

# Debian packages needed to build the native modules.
need="pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep build-essential python3"
missing=""
for p in $need; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "install-code-server: missing Debian packages; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
rg_bin=$(command -v rg)

# The ripgrep archive @vscode/ripgrep looks for before downloading.
tmpdir=$(node -p 'require("os").tmpdir()')
rg_cache="$tmpdir/vscode-ripgrep-cache-$RG_PKG_VERSION"
if [ ! -s "$rg_cache/$RG_ASSET" ]; then
  mkdir -p "$rg_cache"
  stage=$(mktemp -d)
  cp "$rg_bin" "$stage/rg"
  tar -C "$stage" -czf "$rg_cache/$RG_ASSET.tmp.$$" rg
  mv "$rg_cache/$RG_ASSET.tmp.$$" "$rg_cache/$RG_ASSET"
  rm -rf "$stage"
fi

start=$(date +%s)
echo "install-code-server: installing code-server@$VERSION into $out (first time only, about 1-2 min)" >&2
tmp="$out.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
echo '{"name":"kjob-code-server","private":true}' >"$tmp/package.json"
unsafe=""; [ "$(id -u)" = 0 ] && unsafe="--unsafe-perm"
(
  cd "$tmp"
  npm_config_yes=true npm install $unsafe --no-audit --no-fund --no-save --loglevel=error \
    "code-server@$VERSION" >&2
)
[ -f "$tmp/node_modules/code-server/out/node/entry.js" ] || { echo "install-code-server: code-server entry point missing after install" >&2; exit 1; }
touch "$tmp/.kjob-complete"
rm -rf "$out"; mv "$tmp" "$out"
trap - EXIT
echo "install-code-server: installed in $(( $(date +%s) - start )) s" >&2
echo "$out"
