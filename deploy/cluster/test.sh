#!/usr/bin/env bash
# The cluster test (`npm run test:cluster`): batt's real image on a real single-node Kubernetes
# cluster on this machine, with the real deploy/overlays/dev applied, then checks.mjs's checks.
# Needs root (containers, network namespaces, mounts) and a built repository (`npm run build`).
#   1. installs what is missing: Debian packages (podman, containerd, etcd, ...), the Kubernetes
#      binaries and CoreDNS from their Go modules (build-k8s.sh; cached in $BATT_CLUSTER_CACHE)
#   2. builds the image with podman (deploy/images/build.sh) and loads it into containerd
#   3. starts the cluster (cluster.sh up), runs the checks (checks.mjs), and stops everything it
#      started (cluster.sh down), also when a step fails
# With --bench it runs the scaling benchmark (bench.mjs, `npm run bench:cluster`) instead of the checks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export BATT_CLUSTER_CACHE="${BATT_CLUSTER_CACHE:-$HOME/.cache/batt-cluster}"
export BATT_CLUSTER_STATE="${BATT_CLUSTER_STATE:-/tmp/batt-cluster}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/deploy/images/containers.conf}"
what=checks
[ "${1:-}" = --bench ] && what=bench
start=$SECONDS
step() { echo "== test:cluster [$((SECONDS - start)) s] $*" >&2; }

[ "$(id -u)" = 0 ] || { echo "test:cluster: needs root (containers, network namespaces, mounts)" >&2; exit 2; }
[ -e "$root/services/orchestrator/dist" ] || { echo "test:cluster: build first (npm run build)" >&2; exit 2; }

pkgs=(podman runc netavark aardvark-dns slirp4netns fuse-overlayfs containernetworking-plugins iptables
  mmdebstrap etcd-server containerd iproute2 openssl)
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "test:cluster: needs Go (the Kubernetes binaries are built from their modules)" >&2; exit 2; }

step "Kubernetes and CoreDNS binaries"
"$here/build-k8s.sh" >/dev/null
step "batt's image"
"$here/../images/build.sh" batt:dev
# The dev overlay names the image `batt:dev`, which the kubelet reads as docker.io/library/batt:dev.
podman tag batt:dev docker.io/library/batt:dev

trap '"$here/cluster.sh" down' EXIT
step "cluster up"
"$here/cluster.sh" up
"$here/cluster.sh" load docker.io/library/batt:dev
step "$what"
node "$here/$what.mjs"
step "passed"
