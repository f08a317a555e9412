# rolebot container image.
#
#   docker build -t rolebot .
#   Socket Mode (default): docker run --init \
#                            -e SLACK_BOT_TOKEN=xoxb-… -e SLACK_APP_TOKEN=xapp-… rolebot
#   HTTP mode:             docker run --init -p 3000:3000 \
#                            -e SLACK_BOT_TOKEN=xoxb-… -e SLACK_SIGNING_SECRET=… rolebot
#
# With neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET set, rolebot starts its local console
# instead, which ends as soon as stdin does; in a container that is at once.
# Pass the secrets at run time (-e, --env-file, or the orchestrator's secret store). Never bake
# them into the image: .dockerignore keeps .env* files out of the build context.
# --init puts a tiny init process in front of node as PID 1, so `docker stop` (SIGTERM) stops the
# bot at once instead of after the 10-second kill timeout.
#
# Votes and knowledge gaps go to the embedded store in the /app/data volume (owner-only files);
# mount a named volume there to keep them, or set DATABASE_URL, or ROLEBOT_STORE=off. The code is
# root-owned and read-only to the bot's user, so the container also runs with a read-only root
# filesystem:  docker run --read-only --tmpfs /tmp -v rolebot-data:/app/data …
#
# The base image is pinned by digest (both stages), so a rebuild gets the same Node and Debian
# until the digest is bumped on purpose: `docker buildx imagetools inspect node:22-bookworm-slim`
# shows the current one.

# ---- build: compile TypeScript to dist/ -------------------------------------------------------
# Node 22 (LTS): rolebot supports Node >= 20.19 (package.json engines) and is tested on 20, but
# Node 20 is past its end of life, so the image uses the maintained LTS line.
FROM node:22-bookworm-slim@sha256:f32b81066cde10a75dbac96646099533316d94bac4150c55da1636e1f0ffdc46 AS build
WORKDIR /app

# Package files first, so the npm ci layer stays cached until the dependencies change.
COPY package.json package-lock.json ./
# Every dependency, dev ones included: the build needs typescript.
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY knowledge ./knowledge
# General English for the analyzer (word classes, neighbours, chat shorthand): built into the
# index, and read at start.
COPY resources ./resources
# npm run build: tsc (src/ → dist/, entry point dist/main.js), then `rolebot index`, which writes
# the index cache for knowledge/ to INDEX_CACHE so the container starts without re-indexing.
ENV INDEX_CACHE=/app/index-cache.bin
RUN npm run build

# ---- runtime: production dependencies, compiled code and the knowledge base ------------------
FROM node:22-bookworm-slim@sha256:f32b81066cde10a75dbac96646099533316d94bac4150c55da1636e1f0ffdc46 AS runtime
# npm and libraries read NODE_ENV; production also makes npm skip dev dependencies.
ENV NODE_ENV=production
WORKDIR /app
# Code and dependencies belong to root and are only readable by the bot's user, so a compromised
# bot cannot rewrite its own code. Only /app/data (the embedded store) is the bot's.

# Package files alone first, again for layer caching.
COPY package.json package-lock.json ./
# Runtime dependencies only; clear npm's cache so it does not end up in the image.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY --from=build /app/dist ./dist
# The knowledge base is read at start-up (KNOWLEDGE_DIR); edit knowledge/ and rebuild to change it.
COPY --from=build /app/knowledge ./knowledge
COPY --from=build /app/resources ./resources
# The prebuilt index: restored at start while knowledge/ and the code match what built it.
COPY --from=build /app/index-cache.bin ./index-cache.bin

# The embedded store's folder: the bot's own, owner-only, a volume so it outlives the container.
RUN mkdir -p /app/data && chown node:node /app/data && chmod 700 /app/data
VOLUME /app/data

# The official node images ship a non-root `node` user (uid 1000); everything from here runs as it.
USER node

ENV PORT=3000 KNOWLEDGE_DIR=/app/knowledge INDEX_CACHE=/app/index-cache.bin ROLEBOT_DATA_DIR=/app/data
# HTTP mode serves POST /slack/events and GET /healthz on PORT. Socket Mode needs no inbound port
# from Slack, but with PORT set (as here) it serves GET /healthz on it too, for the check below.
EXPOSE 3000

# The slim image has no curl or wget, so the check uses Node's built-in fetch. It passes (exit 0)
# only on HTTP 200, which /healthz returns once the knowledge index is built; anything else,
# including a refused connection or a timeout, is a failure (exit 1). PORT is read when the check
# runs, so `-e PORT=8080` is honoured. It connects to 127.0.0.1, so leave HOST unset (all
# interfaces) or set it to 0.0.0.0; with HOST set to another address the check cannot connect.
# It works in both modes: in Socket Mode rolebot serves /healthz on PORT beside the WebSocket.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]

# node directly, not `npm start`: npm start runs tsx on src/, and npm would sit between Docker and
# node and get the signals.
CMD ["node", "dist/main.js"]
