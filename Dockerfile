# The fazt worker (and, with another command, the dashboard): TypeScript compiled in a build stage,
# production dependencies only at run time. Built by docker-compose.yml (`docker compose up -d --build`).
FROM node:20.18.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM node:20.18.1-bookworm-slim
ENV NODE_ENV=production \
    FAZT_CONFIG_DIR=/var/lib/fazt/config \
    FAZT_DATA_DIR=/var/lib/fazt/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
# The dashboard's page (tsc copies no assets): where src/dashboard/server.ts looks next to lib/.
COPY src/dashboard/public ./lib/dashboard/public
COPY bin ./bin
COPY deploy/worker-healthcheck.js ./deploy/worker-healthcheck.js
# The config folder holds encrypted tokens and the key file: private to the user that runs fazt.
RUN mkdir -p /var/lib/fazt/config /var/lib/fazt/data \
 && chown -R node:node /var/lib/fazt \
 && chmod 700 /var/lib/fazt/config /var/lib/fazt/data
USER node
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "deploy/worker-healthcheck.js"]
CMD ["node", "lib/worker.js"]
