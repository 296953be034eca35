# One image for both apps; docker-compose.yml picks the entry point (api or worker) per service.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY scripts scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# package.json is needed at run time: its "imports" map #platform, #event-store… to dist/.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# Reference data (the 62 municipalities) read at start-up.
COPY data data
USER node
EXPOSE 3000
# Exec form: SIGTERM reaches node itself (directly, or through compose's init), which closes the apps.
CMD ["node", "dist/apps/api/src/main.js"]
