#!/usr/bin/env bash
# Builds the unmodified kube-apiserver, kube-controller-manager, kubectl and etcd of the pinned
# release from the Go module proxy (wrapper module test/k8s-bin) into
# ~/.cache/kjob/k8s/<version>-<go.sum hash>/. Does nothing when that directory is complete.
# Prints the directory as its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/k8s-version.sh"
V=$KJOB_K8S_VERSION
mod="$root/test/k8s-bin"
key="$V-$(sha256sum "$mod/go.sum" | cut -c1-12)"
out="${KJOB_CACHE:-$HOME/.cache/kjob}/k8s/$key"
bins="kube-apiserver kube-controller-manager kubectl etcd"
complete() { for b in $bins; do [ -x "$out/$b" ] || return 1; done; }
if complete; then echo "$out"; exit 0; fi
free=$(df -Pk "${HOME}" | awk 'NR==2{print $4}')
if [ "$free" -lt 6000000 ]; then echo "build-control-plane: need ~6 GB free under $HOME for Go caches, have $((free/1024)) MB" >&2; exit 1; fi
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly
minor=${V#v1.}; minor=${minor%%.*}
LD="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LD="$LD -X $p.gitVersion=$V -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
done
tmp="$out.tmp.$$"; mkdir -p "$tmp"
start=$(date +%s)
echo "build-control-plane: building Kubernetes $V (first build on a machine takes a while; cached afterwards)" >&2
cd "$mod"
go build -trimpath -buildvcs=false -tags notest -ldflags "$LD" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl
go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
rm -rf "$out"; mv "$tmp" "$out"
echo "build-control-plane: built in $(( $(date +%s) - start )) s" >&2
echo "$out"
