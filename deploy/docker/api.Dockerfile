# syntax=docker/dockerfile:1.7
# Porthole API image: compiled with the full toolchain, shipped with production dependencies
# and compiled output only, run as a numeric non-root user; nothing is written outside /tmp, so
# the root filesystem can be read-only.
#
#   docker build -f deploy/docker/api.Dockerfile -t porthole-api:dev .    (from the repository root)
#
# Pin the base by digest in production: --build-arg NODE_IMAGE=node:20-bookworm-slim@sha256:…
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency, compile the API and the packages it imports
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV CI=true TURBO_TELEMETRY_DISABLED=1
# Manifests first, so the dependency layer is reused while only sources change. npm ci needs
# the manifest of every workspace listed in the root package.json.
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/runtime/package.json packages/runtime/
COPY packages/redact/package.json packages/redact/
COPY packages/policy/package.json packages/policy/
COPY packages/kubectl/package.json packages/kubectl/
COPY packages/pipes/package.json packages/pipes/
COPY packages/store/package.json packages/store/
COPY packages/kube-sim/package.json packages/kube-sim/
COPY packages/cli/package.json packages/cli/
COPY api/package.json api/
COPY agent/package.json agent/
COPY test/package.json test/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages/ packages/
COPY api/ api/
RUN npx turbo run build --filter=@porthole/api...

# ---- deps: production dependencies of the API workspace only (no compilers, no test tools)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/packages/protocol/package.json packages/protocol/
COPY --from=build /src/packages/runtime/package.json packages/runtime/
COPY --from=build /src/packages/redact/package.json packages/redact/
COPY --from=build /src/packages/policy/package.json packages/policy/
COPY --from=build /src/packages/kubectl/package.json packages/kubectl/
COPY --from=build /src/packages/pipes/package.json packages/pipes/
COPY --from=build /src/packages/store/package.json packages/store/
COPY --from=build /src/packages/kube-sim/package.json packages/kube-sim/
COPY --from=build /src/packages/cli/package.json packages/cli/
COPY --from=build /src/api/package.json api/
COPY --from=build /src/agent/package.json agent/
COPY --from=build /src/test/package.json test/
RUN npm ci --omit=dev --workspace=@porthole/api --ignore-scripts --no-audit --no-fund

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
# npm, npx, corepack and yarn are not needed to run and only add attack surface.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the process: the API cannot modify its own code.
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules/ node_modules/
COPY --from=build /src/packages/protocol/package.json packages/protocol/
COPY --from=build /src/packages/protocol/dist/ packages/protocol/dist/
COPY --from=build /src/packages/runtime/package.json packages/runtime/
COPY --from=build /src/packages/runtime/dist/ packages/runtime/dist/
COPY --from=build /src/packages/redact/package.json packages/redact/
COPY --from=build /src/packages/redact/dist/ packages/redact/dist/
COPY --from=build /src/packages/policy/package.json packages/policy/
COPY --from=build /src/packages/policy/dist/ packages/policy/dist/
COPY --from=build /src/packages/store/package.json packages/store/
COPY --from=build /src/packages/store/dist/ packages/store/dist/
COPY --from=build /src/api/package.json api/
COPY --from=build /src/api/dist/ api/dist/
# Numeric, so that Kubernetes can verify runAsNonRoot without a passwd lookup.
USER 10001:10001
EXPOSE 8080 9464
STOPSIGNAL SIGTERM
CMD ["node", "api/dist/main.js"]
