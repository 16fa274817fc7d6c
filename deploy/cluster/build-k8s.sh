#!/usr/bin/env bash
# Builds the Kubernetes binaries the cluster test runs (kube-apiserver, kube-controller-manager,
# kube-scheduler, kubelet, kubectl), CoreDNS and metrics-server from their Go modules, at pinned versions, into
# $BATT_CLUSTER_CACHE/bin. No prebuilt Kubernetes binaries are reachable on this machine kind; the
# Go module proxy is. A binary already built at the pinned version is kept (the caches are reused).
#
# k8s.io/kubernetes cannot be `go install`ed: its go.mod replaces each k8s.io/<staging> module with
# a path inside its own tree. A wrapper module requires it and replaces each staging module with
# its published v0.x.y instead (the list is read from the module's own go.mod).
set -euo pipefail
K8S_VERSION="${K8S_VERSION:-1.32.4}"         # v1.32.13 lacked some staging modules on the proxy
COREDNS_VERSION="${COREDNS_VERSION:-1.11.4}"
METRICS_SERVER_VERSION="${METRICS_SERVER_VERSION:-0.7.2}"   # for the HorizontalPodAutoscalers
CACHE="${BATT_CLUSTER_CACHE:-$HOME/.cache/batt-cluster}"
BIN="$CACHE/bin"
mkdir -p "$BIN" "$CACHE/k8s-wrapper"
export GOFLAGS="-buildvcs=false -trimpath" CGO_ENABLED=0

stamp="$BIN/.k8s-$K8S_VERSION-2"
if [ ! -e "$stamp" ]; then
  cd "$CACHE/k8s-wrapper"
  proxy="$(go env GOPROXY | cut -d, -f1)"
  mod="$(curl -fsS "$proxy/k8s.io/kubernetes/@v/v$K8S_VERSION.mod")"
  staging_minor="${K8S_VERSION#1.}"   # 1.32.4 -> 32.4, staging modules are v0.32.4
  {
    echo "module batt.local/k8s-wrapper"
    echo
    echo "go 1.23"
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    printf '%s\n' "$mod" | sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9.-]*\) => ./staging/.*#replace \1 => \1 v0.'"$staging_minor"'#p'
  } > go.mod
  echo 'package wrapper' > wrapper.go
  go mod download k8s.io/kubernetes
  GOFLAGS="$GOFLAGS -mod=mod" go get "k8s.io/kubernetes@v$K8S_VERSION"
  # The version a release build stamps in (without it, every component says v0.0.0-master).
  minor="${K8S_VERSION#1.}"; minor="${minor%%.*}"
  ldflags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  done
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl; do
    echo "building $cmd v$K8S_VERSION" >&2
    GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "$ldflags" -o "$BIN/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  done
  touch "$stamp"
fi

if [ ! -e "$BIN/.coredns-$COREDNS_VERSION" ]; then
  echo "building coredns v$COREDNS_VERSION" >&2
  GOBIN="$BIN" go install "github.com/coredns/coredns@v$COREDNS_VERSION"
  touch "$BIN/.coredns-$COREDNS_VERSION"
fi
if [ ! -e "$BIN/.metrics-server-$METRICS_SERVER_VERSION" ]; then
  echo "building metrics-server v$METRICS_SERVER_VERSION" >&2
  GOBIN="$BIN" go install "sigs.k8s.io/metrics-server/cmd/metrics-server@v$METRICS_SERVER_VERSION"
  touch "$BIN/.metrics-server-$METRICS_SERVER_VERSION"
fi
ls -l "$BIN"
