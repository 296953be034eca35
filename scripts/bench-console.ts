/**
 * `npm run bench:console [-- --runs 10 --cases 40 --database zaitaku_bench_console]`
 *
 * The console's first load, as an office user meets it each morning: Chromium with a cold cache (a new
 * browser context per run), already signed in (the development sign-in's cookies), opening the work queue
 * `/` and a case page `/cases/:id`, until each is usable: the work queue's first row, the case page's
 * history (drawn once the case has loaded). Per page: DOMContentLoaded and load from the navigation timing, and the time to that element
 * (all from the navigation's start, in the page's own clock); median and p95 of `--runs` runs. Baseline in
 * the same run, from the same server: the bare index.html (JavaScript off: the document and its CSS).
 * Then the bundle in dist/console/assets, raw and gzip, the initial chunks (index.html's script,
 * modulepreload and stylesheet) apart from the lazy ones. Target: under 1 s to interactive.
 *
 * The app runs as `npm start` runs it (api and worker in this process) on a scratch database
 * (DATABASE_URL's server, or the embedded PostgreSQL in .data/pg-bench), seeded through the api with
 * `--cases` submitted applications.
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Cookie } from 'playwright-core';
import { loadConfig, ManualClock, type RuntimeConfig } from '#platform';
import { signAccessToken, type TokenClaims } from '../apps/api/src/auth/access-token.ts';
import { createApiApp } from '../apps/api/src/create-api-app.ts';
import { createWorkerApp } from '../apps/worker/src/create-worker-app.ts';
import { benchArgs, benchDatabase } from './bench-database.ts';

const args = benchArgs();
const RUNS = Number(args.get('runs') ?? 10);
const CASES = Number(args.get('cases') ?? 40);
const DATABASE = args.get('database') ?? 'zaitaku_bench_console';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ASSETS = join('dist', 'console', 'assets');
const FISCAL_YEAR = 2026;
const CHIYODA = '131016';
const PEDIATRIC = 'pediatric-home-care';
const TARGET_MS = 1000;

interface Target {
  readonly name: string;
  readonly path: string;
  /** The element that makes the page usable (CSS selector), or none: the load event. */
  readonly ready?: string;
  readonly javaScript: boolean;
}

/** What the measuring functions use in the page (this file is compiled without the DOM's types). */
interface InPage {
  readonly document: { querySelector(selector: string): unknown };
  readonly performance: {
    now(): number;
    getEntriesByType(type: 'navigation'): { domContentLoadedEventEnd: number; loadEventEnd: number }[];
    getEntriesByType(
      type: 'resource',
    ): { name: string; initiatorType: string; startTime: number; responseEnd: number }[];
  };
}

interface Sample {
  readonly domContentLoaded: number;
  readonly load: number;
  readonly ready: number;
  /** The api calls the page made (fetch), by path: when each started and ended. */
  readonly calls: ReadonlyMap<string, { readonly start: number; readonly end: number }>;
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

async function main(): Promise<void> {
  const { url, drop } = await benchDatabase(DATABASE);
  const config: RuntimeConfig = {
    ...loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'fatal', NODE_ENV: 'development' }),
    databaseUrl: url,
    embeddedDatabase: !process.env.DATABASE_URL,
  };
  const clock = new ManualClock(`${FISCAL_YEAR}-04-03T10:00:00+09:00`);
  let api: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let browser: Browser | undefined;
  try {
    api = await createApiApp(config, { clock });
    await api.listen(0, '127.0.0.1');
    worker = await createWorkerApp(config);
    const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    const caseIds = await seed(base, config.jwt.secret, clock);
    const cookies = await developmentSignIn(base);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const targets: Target[] = [
      { name: 'baseline: bare index.html (no JavaScript)', path: '/', javaScript: false },
      { name: 'work queue /', path: '/', ready: 'main table tbody tr', javaScript: true },
      {
        name: `case page /cases/:id`,
        path: `/cases/${caseIds[0]}`,
        ready: '#history-heading',
        javaScript: true,
      },
    ];
    const samples = new Map<Target, Sample[]>(targets.map((target) => [target, []]));
    for (const target of targets) await load(browser, base, cookies, target); // warm the server once
    for (let run = 0; run < RUNS; run++) {
      for (const target of targets) samples.get(target)!.push(await load(browser, base, cookies, target));
    }
    report(browser.version(), targets, samples, config);
  } finally {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await drop();
  }
}

/** `CASES` applications drafted and submitted by a municipality, through the api; waits for the queue. */
async function seed(base: string, secret: string, clock: ManualClock): Promise<string[]> {
  const municipality: TokenClaims = {
    sub: `muni-${CHIYODA}`,
    role: 'municipality',
    municipalityCode: CHIYODA,
  };
  const post = async (path: string, body: object, on: string) => {
    clock.set(`${on}T10:00:00+09:00`);
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await signAccessToken(municipality, secret)}`,
      },
      body: JSON.stringify(body),
    });
    if (response.status !== 201)
      throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
  };
  const ids: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const applicationId = `bench-console-${String(i).padStart(4, '0')}`;
    await post(
      '/applications',
      {
        applicationId,
        programId: PEDIATRIC,
        menuId: PEDIATRIC,
        fiscalYear: FISCAL_YEAR,
        programYear: 1,
        recipient: { kind: 'municipality', id: `muni-${CHIYODA}`, municipalityCode: CHIYODA },
        plannedExpenditure: 12_000_000 + i * 1000,
        otherIncome: 0,
      },
      `${FISCAL_YEAR}-04-03`,
    );
    await post(`/applications/${applicationId}/submit`, {}, `${FISCAL_YEAR}-04-05`);
    ids.push(applicationId);
  }
  const caseworker = await signAccessToken({ sub: 'cw-bench', role: 'caseworker' }, secret);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${base}/work-queue?fiscalYear=${FISCAL_YEAR}&limit=1`, {
      headers: { Authorization: `Bearer ${caseworker}` },
    });
    const body = (await response.json()) as { total?: number };
    if ((body.total ?? 0) >= CASES) break;
    if (Date.now() > deadline)
      throw new Error(`the work queue shows ${body.total} of ${CASES} cases after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(`seeded ${CASES} submitted applications (fiscal year ${FISCAL_YEAR}) through the api`);
  return ids;
}

/** The development sign-in's cookies (session and XSRF-TOKEN), as a browser would keep them. */
async function developmentSignIn(base: string): Promise<Cookie[]> {
  const response = await fetch(`${base}/session/development`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'caseworker', name: 'cw-bench' }),
  });
  if (response.status !== 200) throw new Error(`development sign-in → ${response.status}`);
  const { hostname } = new URL(base);
  return response.headers.getSetCookie().map((header) => {
    const [pair] = header.split(';');
    const index = pair!.indexOf('=');
    return {
      name: pair!.slice(0, index),
      value: decodeURIComponent(pair!.slice(index + 1)),
      domain: hostname,
      path: '/',
      expires: -1,
      httpOnly: header.includes('HttpOnly'),
      secure: false,
      sameSite: 'Strict',
    };
  });
}

/** One cold load: a new context (empty cache), the page until its element shows, its navigation timing. */
async function load(browser: Browser, base: string, cookies: Cookie[], target: Target): Promise<Sample> {
  const context = await browser.newContext({
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: target.javaScript,
  });
  try {
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${base}${target.path}`, { waitUntil: 'load' });
    let ready: number | undefined;
    if (target.ready !== undefined) {
      // Polled in the page every frame (a function, not a string: the CSP forbids eval).
      const handle = await page.waitForFunction(
        (selector) => {
          const { document, performance } = globalThis as unknown as InPage;
          return document.querySelector(selector) === null ? false : performance.now();
        },
        target.ready,
        { timeout: 30_000 },
      );
      ready = (await handle.jsonValue()) as number;
    }
    const timing = await page.evaluate(() => {
      const { performance } = globalThis as unknown as InPage;
      const [entry] = performance.getEntriesByType('navigation');
      const calls = performance
        .getEntriesByType('resource')
        .filter((resource) => resource.initiatorType === 'fetch')
        .map((resource) => ({
          path: new URL(resource.name).pathname,
          start: resource.startTime,
          end: resource.responseEnd,
        }));
      return { domContentLoaded: entry!.domContentLoadedEventEnd, load: entry!.loadEventEnd, calls };
    });
    return {
      domContentLoaded: timing.domContentLoaded,
      load: timing.load,
      ready: ready ?? timing.load,
      calls: new Map(timing.calls.map(({ path, start, end }) => [path, { start, end }])),
    };
  } finally {
    await context.close();
  }
}

function report(
  chromiumVersion: string,
  targets: readonly Target[],
  samples: ReadonlyMap<Target, Sample[]>,
  config: RuntimeConfig,
): void {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(
    `\nmachine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, Chromium ${chromiumVersion}, ` +
      `database ${config.embeddedDatabase ? 'embedded PostgreSQL' : 'DATABASE_URL'}, ${RUNS} runs per page, cold cache`,
  );
  console.log('\n| page | DOMContentLoaded median / p95 | load median / p95 | to interactive median / p95 |');
  console.log('| --- | --- | --- | --- |');
  for (const target of targets) {
    const values = samples.get(target)!;
    const cell = (pick: (sample: Sample) => number) =>
      `${ms(quantile(values.map(pick), 0.5))} / ${ms(quantile(values.map(pick), 0.95))}`;
    const interactive = target.ready === undefined ? '(load)' : cell((sample) => sample.ready);
    console.log(
      `| ${target.name} | ${cell((s) => s.domContentLoaded)} | ${cell((s) => s.load)} | ${interactive} |`,
    );
  }
  for (const target of targets.filter((t) => t.ready !== undefined)) {
    const p95 = quantile(
      samples.get(target)!.map((sample) => sample.ready),
      0.95,
    );
    console.log(
      `${target.name}: p95 to interactive ${ms(p95)} ${p95 < TARGET_MS ? '<' : '≥'} target ${TARGET_MS} ms`,
    );
    // Where the time after the load event goes: the api calls, one after the other or side by side.
    const values = samples.get(target)!;
    const paths = [...new Set(values.flatMap((sample) => [...sample.calls.keys()]))];
    for (const path of paths) {
      const calls = values.flatMap((sample) => sample.calls.get(path) ?? []);
      console.log(
        `  api call ${path}: starts ${ms(
          quantile(
            calls.map((c) => c.start),
            0.5,
          ),
        )}, ` +
          `ends ${ms(
            quantile(
              calls.map((c) => c.end),
              0.5,
            ),
          )} (medians, in ${calls.length} of ${values.length} runs)`,
      );
    }
  }

  const html = readFileSync(join('dist', 'console', 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!));
  const files = readdirSync(ASSETS)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const raw = readFileSync(join(ASSETS, name));
      return {
        name,
        raw: statSync(join(ASSETS, name)).size,
        gzip: gzipSync(raw).length,
        initial: initial.has(name),
      };
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.raw - a.raw);
  console.log('\n| dist/console/assets | loaded | raw | gzip |');
  console.log('| --- | --- | --- | --- |');
  for (const file of files) {
    console.log(
      `| ${file.name} | ${file.initial ? 'initial' : 'lazy'} | ${kb(file.raw)} | ${kb(file.gzip)} |`,
    );
  }
  const sum = (rows: typeof files) =>
    rows.reduce((total, row) => ({ raw: total.raw + row.raw, gzip: total.gzip + row.gzip }), {
      raw: 0,
      gzip: 0,
    });
  const first = sum(files.filter((file) => file.initial));
  const lazy = sum(files.filter((file) => !file.initial));
  console.log(`| **initial (index.html)** | | ${kb(first.raw)} | ${kb(first.gzip)} |`);
  console.log(`| **lazy chunks** | | ${kb(lazy.raw)} | ${kb(lazy.gzip)} |`);
}

try {
  await main();
  process.exit(0); // the worker's Redis connections and timers would otherwise keep the process alive
} catch (error) {
  console.error(error);
  process.exit(1);
}
