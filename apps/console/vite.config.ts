import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console (README, "Console"): built into dist/console, which the api serves at `/`. Vite's own
 * JSX transform (Oxc) is enough for a production build: no React plugin. `npm run console:dev` proxies
 * the api's routes to a running `npm start`.
 */
const API_PREFIXES = [
  '/session',
  '/work-queue',
  '/applications',
  '/programs',
  '/budgets',
  '/recipients',
  '/training-completions',
  '/trainings',
  '/designation-rounds',
  '/hub-surveys',
  '/collaboration-surveys',
  '/reports',
  '/rules',
  '/history',
  '/as-of',
  '/security-log',
  '/admin',
  '/sandbox',
  '/docs',
  '/health',
];
const SHARED_PREFIXES = new Set(['/trainings', '/reports', '/rules']);
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
    // Every api route prefix goes to the api; a browser navigating to a console page (Accept: text/html)
    // whose first segment is also an api prefix (/trainings, /reports, /rules) gets the console, as the
    // api's own static serving does.
    proxy: Object.fromEntries(
      API_PREFIXES.map((prefix) => [
        prefix,
        {
          target: 'http://localhost:3000',
          bypass: (request: { headers: { accept?: string } }) =>
            SHARED_PREFIXES.has(prefix) && request.headers.accept?.includes('text/html')
              ? '/index.html'
              : undefined,
        },
      ]),
    ),
  },
});
