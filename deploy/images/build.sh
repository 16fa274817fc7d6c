#!/usr/bin/env bash
# Builds batt's image with podman, as the cluster test does (users with Docker and registry access
# run `docker build -t batt:dev .` instead; same Dockerfile, same runtime stage):
#   deploy/images/build.sh [TAG]          default TAG batt:dev
# The bases come from deploy/images/make-bases.sh (this machine kind cannot pull node images);
# BATT_OFFICIAL_BASES=1 uses the Dockerfile's defaults, the official node images, instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tag="${1:-batt:dev}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
args=()
if [ "${BATT_OFFICIAL_BASES:-0}" != 1 ]; then
  "$here/make-bases.sh"
  args+=(--build-arg BASE_BUILD=localhost/batt-base:build --build-arg BASE_RUNTIME=localhost/batt-base:runtime)
fi
start=$SECONDS
podman build --layers "${args[@]}" -t "$tag" -f "$root/Dockerfile" "$root"
echo "build.sh: $tag built in $((SECONDS - start)) s, $(podman image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')" >&2
