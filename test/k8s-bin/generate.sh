#!/usr/bin/env bash
# Regenerates go.mod/go.sum of this wrapper module from the pinned Kubernetes release's own go.mod,
# fetched through the Go module proxy: require k8s.io/kubernetes and replace each staging module
# (which upstream maps to ./staging/src/...) with its published v0.X.Y tag.
# Run only when changing the pinned version; the result is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/k8s-version.sh"
K=$KJOB_K8S_VERSION
S=v0.${K#v1.}
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && go mod init tmp >/dev/null 2>&1 && go mod download -json "k8s.io/kubernetes@$K" > dl.json)
gomod=$(node -e "process.stdout.write(require('$tmp/dl.json').GoMod)")
cd "$here"
rm -f go.mod go.sum
goline=$(awk '$1=="go"{print $2; exit}' "$gomod")
cat > go.mod <<MOD
module kjob.invalid/k8s-bin

go $goline
MOD
godebug=$(awk '$1=="godebug"{print $2; exit}' "$gomod")
[ -n "$godebug" ] && go mod edit -godebug="$godebug"
grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/src/k8s\.io/[a-z0-9-]+' "$gomod" | awk '{print $1}' | sort -u | while read -r m; do
  go mod edit -replace="$m=$m@$S"
done
go mod edit -require="k8s.io/kubernetes@$K"
for t in k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl go.etcd.io/etcd/server/v3; do
  go mod edit -tool="$t"
done
cat > tools.go <<'GO'
//go:build tools

// Package tools pins the binaries this module builds (see go.mod's tool block).
package tools
GO
go mod tidy
echo "generated for $K (staging $S): $(grep -c '=> k8s.io' go.mod) replaces"
