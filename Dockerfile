# Clipwright as a container: the standalone build of README "Standalone build (no Docker)",
# by the same commands tests/e2e/standalone.test.ts runs (build, assemble, production-only
# install, start with node). Nothing here that the test does not do, except apt-get and users.
# Not built on the project's CI machines (they cannot pull images): README says what was tried.
#
#   docker build -t clipwright .
#   docker run -p 3000:3000 -v clipwright-data:/data clipwright               # web + embedded worker, PGlite
#   docker run … clipwright node --import tsx scripts/worker.ts                 # a worker (with DATABASE_URL)
#
# compose.yaml runs it with Postgres, a separate worker and an S3-compatible store.

# Node.js 24, the current LTS line (README, "Which Node.js"); any line from 20.9 up works.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: full install, `next build` + the Remotion bundle, then the standalone layout ----------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && node scripts/assemble-standalone.mjs /standalone

# --- runtime: the standalone layout and its production dependencies only -------------------------
FROM ${NODE_IMAGE} AS runtime
# The Chromium of @sparticuz/chromium links libnss3 (with libnspr4) and libexpat beyond glibc and
# libgcc (ldd on the extracted binary and /proc/<pid>/maps of a rendering browser, Debian 12);
# Remotion's ffmpeg/ffprobe need only glibc, libstdc++ and zlib, which the image has.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libnss3 libexpat1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /standalone ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The render browser is extracted into /app/.cache on first use, Next keeps its cache under
# /app/.next/cache, and data (PGlite, local storage, the generated auth secret) goes to the /data
# volume: those belong to the unprivileged user, the code and node_modules stay root's.
RUN mkdir -p /app/.cache /data && chown node:node /app/.cache /app/.next /data
USER node
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
VOLUME /data
EXPOSE 3000
# scripts/start.mjs, not server.js: WEB_PROCESSES, the client address for per-address limits, and a
# SIGTERM that stops the job worker and closes the database before exiting (as `npm start`).
CMD ["node", "scripts/start.mjs"]
