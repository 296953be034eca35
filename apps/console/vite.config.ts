import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console (README, "Console"): built into dist/console, which the api serves at `/`. Vite's own
 * JSX transform (Oxc) is enough for a production build: no React plugin. `npm run console:dev` proxies
 * the api's routes to a running `npm start`.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
export default defineConfig({
  root,
  base: '/',
  plugins: [tailwindcss()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or data: URLs for modules: the api's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // TanStack Query's "use client" (for React Server Components) means nothing in a client bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      ['/session', '/work-queue', '/applications', '/docs', '/health'].map((path) => [
        path,
        'http://localhost:3000',
      ]),
    ),
  },
});
