import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import compression from 'compression';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` writes the console (apps/console/vite.config.ts). */
export const CONSOLE_BUILD_DIR = join('dist', 'console');

interface StaticRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}
interface StaticResponse {
  setHeader(name: string, value: string): unknown;
  sendFile(path: string, options: { root: string; dotfiles: 'deny' }, done: (error?: Error) => void): void;
}
type Handler = (request: StaticRequest, response: StaticResponse, next: (error?: unknown) => void) => void;
interface ExpressLike {
  use(handler: Handler): void;
}

/**
 * Serves the console's production build at `/` (README, "Console"), after the api's routes: a route
 * always wins. The built files (hashed `/assets/*`, cached for a year) and, for any other GET a browser
 * navigates to (Accept: text/html), index.html, so client-side routes survive a reload. Requests for
 * JSON still get the api's 404. Nothing is served when the console is not built. What it sends is
 * gzip-compressed when the browser accepts it.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const root = join(repositoryRoot(), CONSOLE_BUILD_DIR);
    if (!existsSync(join(root, 'index.html'))) {
      new Logger('Console').warn(`no console build in ${root}: run npm run build`);
      return;
    }
    const files = new Set(listFiles(root).map((file) => `/${file.split(sep).join('/')}`));
    const express = this.adapterHost.httpAdapter.getInstance<ExpressLike>();
    // The console's files gzip-compressed for browsers that accept it (about a third of the bytes,
    // docs/benchmarks.md). Registered here, after the api's routes: api answers are never compressed.
    express.use(compression() as unknown as Handler);
    express.use((request, response, next) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return next();
      let file: string;
      if (files.has(request.path)) {
        file = request.path.slice(1);
      } else if (wantsHtml(request) && !request.path.includes('.')) {
        file = 'index.html';
      } else {
        return next();
      }
      response.setHeader(
        'Cache-Control',
        file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
      );
      response.sendFile(file, { root, dotfiles: 'deny' }, (error) => (error ? next(error) : undefined));
    });
  }
}

function wantsHtml(request: StaticRequest): boolean {
  const accept = request.headers.accept;
  return (Array.isArray(accept) ? accept.join(',') : (accept ?? '')).includes('text/html');
}

/** The directory with package.json above this file: the same from the sources (Jest) and from dist/. */
function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return process.cwd();
    directory = parent;
  }
  return directory;
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}
