# syntax=docker/dockerfile:1.7
#
# One image for all four batt services; the service is chosen by the arguments:
#   docker build -t batt:dev .
#   docker run --rm -p 50052:50052 -p 9464:9464 batt:dev serve scoring
#   docker run --rm -p 50050:50050 -v batt-store:/var/lib/batt batt:dev     # serve orchestrator
#
# Stages: `manifests` (only package.json files, so `npm ci` is cached until dependencies change),
# `build` (Rust + node-gyp toolchains, the addon and the TypeScript), `runtime` (slim, non-root,
# only what runs). Needs BuildKit (the default builder since Docker 23) for the cache mounts.

ARG NODE_VERSION=20
# Pinned so that an image rebuilt later compiles the addon with the same compiler. The crates are
# edition 2021 without a rust-version; napi 3 needs a recent stable, Debian's cargo is too old.
ARG RUST_VERSION=1.95.0
# The base images. Where the official node images cannot be pulled (no registry access), make
# equivalents from Debian and npm packages with deploy/images/make-bases.sh and pass
#   --build-arg BASE_BUILD=localhost/batt-base:build --build-arg BASE_RUNTIME=localhost/batt-base:runtime
ARG BASE_BUILD=node:${NODE_VERSION}-bookworm
ARG BASE_RUNTIME=node:${NODE_VERSION}-bookworm-slim

# ---------------------------------------------------------------------------------------------------
FROM ${BASE_BUILD} AS manifests
WORKDIR /src
COPY . .
# Keep only the npm manifests: this stage's output changes only when they do, so the `npm ci`
# layer below stays cached across source edits.
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -mindepth 1 -type d -empty -delete

# ---------------------------------------------------------------------------------------------------
FROM ${BASE_BUILD} AS build
ARG RUST_VERSION
ENV RUSTUP_HOME=/usr/local/rustup \
    CARGO_HOME=/usr/local/cargo \
    PATH=/usr/local/cargo/bin:$PATH \
    NX_DAEMON=false \
    NX_NO_CLOUD=true
# The full bookworm image already has curl, python3, make and g++ (node-gyp, for better-sqlite3
# when no prebuilt binary matches).
# rustup-init straight from static.rust-lang.org (what the sh.rustup.rs script fetches): one host
# fewer to reach, and the only one a mirror of the Rust toolchains needs.
RUN curl --proto '=https' --tlsv1.2 -sSf -o /tmp/rustup-init \
      "https://static.rust-lang.org/rustup/dist/$(uname -m)-unknown-linux-gnu/rustup-init" \
 && chmod +x /tmp/rustup-init \
 && /tmp/rustup-init -y --no-modify-path --profile minimal --default-toolchain "${RUST_VERSION}" \
 && rm /tmp/rustup-init && rustc --version && cargo --version
WORKDIR /app

COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

COPY . .
# The registry and target caches survive between builds (not in the image): a source edit
# recompiles batt's crates only. napi writes the addon to packages/native/, outside target/.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/app/native/target \
    npx nx run-many -t build --outputStyle=static \
 && ls -l packages/native/*.node

# Production dependencies only (drops nx, typescript, vitest, @napi-rs/cli, ...), then stage exactly
# what runs: each workspace's package.json (module type, exports) with its built output and its own
# node_modules if npm nested any; the bundled data (default --data, seed solvers) and proto/.
RUN npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /out \
 && cp -a package.json node_modules data /out/ \
 && if [ -d proto ]; then cp -a proto /out/; fi \
 && for ws in packages/* services/*; do \
      mkdir -p "/out/$ws"; \
      for f in "$ws"/package.json "$ws"/bin "$ws"/dist "$ws"/node_modules "$ws"/index.js "$ws"/*.node; do \
        if [ -e "$f" ]; then cp -a "$f" "/out/$ws/"; fi; \
      done; \
    done \
 && find /out/node_modules -xtype l -delete \
 && if [ -d /out/node_modules/better-sqlite3 ]; then \
      cd /out/node_modules/better-sqlite3 \
      && rm -rf deps src build/Release/obj build/Release/obj.target build/Release/.deps \
                build/Release/*.a build/Release/test_extension.node; \
    fi
# (When compiled from source, better-sqlite3 keeps its SQLite sources and object files, ~25 MB;
# it loads only build/Release/better_sqlite3.node. The dangling links were the test and deploy
# workspaces, which the runtime does not have.)

# ---------------------------------------------------------------------------------------------------
FROM ${BASE_RUNTIME} AS runtime
# tini as PID 1: the app handles SIGTERM itself (drain, then exit), but node as PID 1 would ignore
# a SIGTERM that arrives before its handler is installed (PID 1 has no default signal actions), so
# a pod stuck in startup would wait out the whole grace period. tini forwards signals and reaps.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    BATT_HOST=0.0.0.0 \
    BATT_STORE=/var/lib/batt
WORKDIR /app
# Owned by root and not writable by the app user: the code is immutable at run time.
COPY --from=build /out/ /app/
# The store's default location; in Kubernetes a PersistentVolumeClaim is mounted over it.
RUN mkdir -p /var/lib/batt && chown 1000:1000 /var/lib/batt
VOLUME ["/var/lib/batt"]

# The `node` user of the base image, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# orchestrator, generation, scoring, validation; then Prometheus metrics.
EXPOSE 50050 50051 50052 50053 9464
ENTRYPOINT ["/usr/bin/tini", "--", "node", "services/orchestrator/bin/batt.js"]
CMD ["serve", "orchestrator"]
