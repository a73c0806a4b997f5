# syntax=docker/dockerfile:1
# One image for every process of the service: `node --import tsx scripts/api.ts` (the default) or
# `... scripts/worker.ts` (docker-compose.yml chooses per service; npm run api / npm run worker run
# the same files). Workers load the workflow bundle built here (WORKFLOW_BUNDLE_PATH) instead of
# running webpack at every start. No Temporal CLI in the image: it talks to a cluster.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the postinstall only obtains the Temporal CLI for npm start and the tests; the
# native parts (Temporal's core bridge, swc, esbuild) come prebuilt in their packages.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS bundle
COPY . .
RUN node --import tsx scripts/bundleWorkflows.ts /app/dist/workflow-bundle.js

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# A user of its own, owning only its data directory: the code and the bundle stay root's, read-only to it.
RUN groupadd --system --gid 10001 gds \
 && useradd --system --uid 10001 --gid gds --home-dir /var/lib/gds --shell /usr/sbin/nologin gds \
 && mkdir -p /var/lib/gds \
 && chown gds:gds /var/lib/gds
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY . .
COPY --from=bundle /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
# Only variables config.ts reads (test/compose.test.ts). Production by default: the development
# issuer and generated keys are refused; docker-compose.yml opts into development for its demo.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/gds \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER gds
EXPOSE 3000
# The API's readiness (database and Temporal); docker-compose.yml gives the worker its own check.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "--import", "tsx", "scripts/healthcheck.ts", "api"]
# node itself, not npm: npm runs the script under `sh -c`, which does not pass SIGTERM on, so a
# `docker stop` would kill the process instead of letting it drain.
CMD ["node", "--import", "tsx", "scripts/api.ts"]
