/**
 * `npm run bench:api [-- --duration 300 --commands 200 --queries 800 --mode both --hospitals 200
 *   --warmup 10 --ryw-every 5 --database zaitaku_bench_api --pg-port 54331 --baseline yes]`
 *
 * The api under load while the worker projects (issue #17, goal 4). The product runs as it ships, from
 * dist/, on a scratch database of the embedded PostgreSQL (`.data/pg-bench`; DATABASE_URL's server when
 * set): `--mode same-process` is `npm start`'s entry (api and worker in one process), `--mode split` the
 * api and the worker as two processes (the containers of docker-compose.yml), `both` one after the other.
 * Open-model load through the real HTTP api (bearer tokens as `npm run token` signs them, every command
 * with an Idempotency-Key): `--commands` per second — DraftApplication for hospitals spread over
 * `--hospitals`, one in six a WithdrawApplication of an earlier draft — and `--queries` per second — the
 * work queue, a case, a programme's applications, a hospital's timeline. After one command in
 * `--ryw-every`, read-your-writes: a query with `?afterPosition=` the command returned must show it.
 * The projections' lag (events after each checkpoint, age of the oldest) is printed every 10 s, and how
 * long they take to reach the end of the log once the load stops.
 *
 * Baseline in the same run, same machine, same PostgreSQL, same generator and rates: a bare node:http
 * process whose POST does one INSERT and whose GET one SELECT by primary key (bench-api/baseline-server.ts).
 * `--baseline no` skips it (profiling runs). Each process's CPU seconds during the measured run, per answered
 * request, from /proc.
 * Target: p99 under 50 ms at 200 commands/s with 800 queries/s, no errors, projections keeping up.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '#platform';
import { signAccessToken } from '../apps/api/src/auth/access-token.ts';
import { AppProcess } from './bench-api/app-process.ts';
import { serveBaseline } from './bench-api/baseline-server.ts';
import { OpenLoad, type Figures, type Shot } from './bench-api/open-load.ts';
import { idleCpuSeconds, postgresCpuSeconds, processCpuSeconds } from './bench-api/process-cpu.ts';
import { formatLags, ProjectionLagProbe } from './bench-api/projection-lag.ts';
import { benchArgs, benchDatabase } from './bench-database.ts';
import { freePort } from './faults/free-port.ts';

const args = benchArgs();
const DURATION = Number(args.get('duration') ?? 300);
const WARMUP = Number(args.get('warmup') ?? 10);
const COMMANDS = Number(args.get('commands') ?? 200);
const QUERIES = Number(args.get('queries') ?? 800);
const HOSPITALS = Number(args.get('hospitals') ?? 200);
const RYW_EVERY = Number(args.get('ryw-every') ?? 5);
const DATABASE = args.get('database') ?? 'zaitaku_bench_api';
const PG_PORT = Number(args.get('pg-port') ?? 54331);
const MODE = args.get('mode') ?? 'both';
const BASELINE = args.get('baseline') !== 'no';
const TARGET_P99_MS = 50;
const FISCAL_YEAR = 2016; // transition-support is in the seed catalogue for 平成23–28年度
const PROGRAM = 'transition-support';
const MUNICIPALITIES = ['131016', '131113'];

type Mode = 'same-process' | 'split';
const MODES: Record<Mode, readonly { name: string; entry: string }[]> = {
  'same-process': [{ name: 'npm start (api + worker)', entry: 'dist/scripts/start.js' }],
  split: [
    { name: 'api', entry: 'dist/apps/api/src/main.js' },
    { name: 'worker', entry: 'dist/apps/worker/src/main.js' },
  ],
};

interface Result {
  readonly name: string;
  readonly groups: ReadonlyMap<string, Figures>;
  readonly lag?: string;
  readonly caughtUpSeconds?: number;
  /** Per process: CPU seconds used during the measured run (warm-up excluded). */
  readonly cpu?: readonly { readonly name: string; readonly seconds: number }[];
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve-baseline')) return serveBaselineProcess();
  const modes: Mode[] = MODE === 'both' ? ['same-process', 'split'] : [MODE as Mode];
  if (!modes.every((mode) => mode in MODES)) throw new Error(`--mode ${MODE}: same-process, split or both`);
  const load = `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;
  console.log(
    `bench:api — ${DURATION} s per run after ${WARMUP} s warm-up, ${COMMANDS} commands/s + ${QUERIES} queries/s, ` +
      `${HOSPITALS} hospitals, read-your-writes after 1 command in ${RYW_EVERY}; at start: ${load}`,
  );
  const results: Result[] = [];
  const { url, drop } = await benchDatabase(DATABASE, { port: PG_PORT });
  try {
    if (BASELINE) results.push(await runBaseline(url));
    for (const mode of modes) results.push(await runApp(mode));
  } finally {
    await drop();
  }
  report(results, url, load);
}

/** The baseline: its own process, the same rates, the same generator. */
async function runBaseline(databaseUrl: string): Promise<Result> {
  const port = await freePort();
  const server = new AppProcess(
    'baseline',
    fileURLToPath(import.meta.url),
    { BENCH_BASELINE_DATABASE_URL: databaseUrl, BENCH_BASELINE_PORT: String(port) },
    ['--serve-baseline'],
  );
  const base = new URL(`http://127.0.0.1:${port}`);
  try {
    await waitFor(
      async () => (await fetch(new URL('/drafts/0', base)).catch(() => undefined))?.status === 404,
    );
    const load = new OpenLoad(base);
    const ids: string[] = [];
    const insert = (i: number): Shot => ({
      group: 'commands',
      method: 'POST',
      path: '/drafts',
      body: JSON.stringify(draftBody(`baseline-${i}`, hospital(i % HOSPITALS))),
      expectStatus: 201,
      onAnswer: (_status, body) => void ids.push((JSON.parse(body) as { id: string }).id),
    });
    const select = (): Shot => ({
      group: 'queries',
      method: 'GET',
      path: `/drafts/${ids[Math.floor(Math.random() * ids.length)]}`,
      expectStatus: 200,
    });
    for (let i = 0; i < HOSPITALS; i++) load.send(insert(i));
    await load.drain();
    console.log(
      `\nbaseline: bare node:http, one INSERT per POST, one SELECT by key per GET (pid ${server.pid})`,
    );
    const cpu = new CpuMeter([server]);
    await loadPhases(
      load,
      insert,
      select,
      async () => undefined,
      () => cpu.start(),
    );
    return { name: 'baseline: bare route, 1 INSERT / 1 SELECT', groups: load.groups(), cpu: cpu.stop() };
  } finally {
    await server.stop();
  }
}

async function serveBaselineProcess(): Promise<void> {
  const server = await serveBaseline(
    process.env.BENCH_BASELINE_DATABASE_URL!,
    Number(process.env.BENCH_BASELINE_PORT),
  );
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** The product on a fresh scratch database, as `npm start` (one process) or as api and worker apart. */
async function runApp(mode: Mode): Promise<Result> {
  const { url, drop } = await benchDatabase(`${DATABASE}_${mode.replace('-', '_')}`, { port: PG_PORT });
  const port = await freePort();
  const env = { DATABASE_URL: url, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const processes = MODES[mode].map(({ name, entry }) => new AppProcess(name, entry, env));
  const probe = new ProjectionLagProbe(url);
  const base = new URL(`http://127.0.0.1:${port}`);
  try {
    const secret = loadConfig(process.env).jwt.secret;
    const caseworker = `Bearer ${await signAccessToken({ sub: 'cw-bench', role: 'caseworker' }, secret)}`;
    const institutions = await Promise.all(
      Array.from(
        { length: HOSPITALS },
        async (_, h) =>
          `Bearer ${await signAccessToken({ sub: `staff-${hospital(h)}`, role: 'institution', institutionId: hospital(h) }, secret)}`,
      ),
    );
    await waitFor(
      async () =>
        processes.every((p) => p.running) &&
        (
          await fetch(new URL('/work-queue?limit=1', base), { headers: { Authorization: caseworker } }).catch(
            () => undefined,
          )
        )?.status === 200,
      120_000,
      () => processes.map((p) => `${p.name}:\n${p.log}`).join('\n'),
    );
    const load = new OpenLoad(base);
    const run = randomUUID().slice(0, 8);
    const sequence = new Array<number>(HOSPITALS).fill(0);
    /** Drafts answered and not withdrawn yet, oldest first. */
    const drafted: { id: string; hospital: number; seq: number }[] = [];
    const idOf = (h: number, seq: number) => `bench-${run}-${hospital(h)}-${String(seq).padStart(6, '0')}`;
    let commands = 0;
    /** After one command in RYW_EVERY: the programme's list, just after the case's predecessor, must show it. */
    const checkRead = (h: number, seq: number, position: string, stage: string) =>
      load.send({
        group: 'read-your-writes',
        method: 'GET',
        path:
          `/programs/${PROGRAM}/fiscal-years/${FISCAL_YEAR}/applications?limit=1&afterPosition=${position}` +
          `&cursor=${idOf(h, seq - 1)}`,
        headers: { Authorization: institutions[h]! },
        expectStatus: 200,
        onAnswer: (_status, body) => {
          const first = (JSON.parse(body) as { items: { applicationId: string; stage: string }[] }).items[0];
          return first?.applicationId === idOf(h, seq) && first.stage === stage
            ? undefined
            : `read-your-writes violated: ${idOf(h, seq)} ${stage} not seen (${JSON.stringify(first ?? null)})`;
        },
      });
    const answered =
      (h: number, seq: number, stage: string, then?: () => void) =>
      (_status: number, body: string): string | undefined => {
        then?.();
        const position = (JSON.parse(body) as { position?: string }).position;
        if (position === undefined) return 'no position in the answer';
        if (++commands % RYW_EVERY === 0) checkRead(h, seq, position, stage);
        return undefined;
      };
    const command = (i: number): Shot => {
      const withdrawn = i % 6 === 5 && drafted.length > HOSPITALS ? drafted.shift() : undefined;
      const headers = (h: number) => ({ Authorization: institutions[h]!, 'Idempotency-Key': randomUUID() });
      if (withdrawn) {
        const id = idOf(withdrawn.hospital, withdrawn.seq);
        return {
          group: 'commands',
          method: 'POST',
          path: `/applications/${id}/withdrawal`,
          headers: headers(withdrawn.hospital),
          body: JSON.stringify({ reason: '負荷試験による取下げ' }),
          expectStatus: 201,
          onAnswer: answered(withdrawn.hospital, withdrawn.seq, 'Withdrawn'),
        };
      }
      const h = i % HOSPITALS;
      const seq = ++sequence[h]!;
      return {
        group: 'commands',
        method: 'POST',
        path: '/applications',
        headers: headers(h),
        body: JSON.stringify(draftBody(idOf(h, seq), hospital(h))),
        expectStatus: 201,
        onAnswer: answered(h, seq, 'Draft', () => drafted.push({ id: idOf(h, seq), hospital: h, seq })),
      };
    };
    const pick = () => drafted[Math.floor(Math.random() * drafted.length)] ?? { hospital: 0, seq: 1 };
    const query = (i: number): Shot => {
      const kind = i % 10;
      if (kind < 4) {
        return {
          group: 'queries',
          method: 'GET',
          path: `/work-queue?fiscalYear=${FISCAL_YEAR}&limit=20`,
          headers: { Authorization: caseworker },
          expectStatus: 200,
        };
      }
      const { hospital: h, seq } = pick();
      if (kind < 7) {
        return {
          group: 'queries',
          method: 'GET',
          path: `/applications/${idOf(h, seq)}`,
          headers: { Authorization: institutions[h]! },
          expectStatus: 200,
        };
      }
      if (kind < 9) {
        return {
          group: 'queries',
          method: 'GET',
          path: `/programs/${PROGRAM}/fiscal-years/${FISCAL_YEAR}/applications?limit=20`,
          headers: { Authorization: institutions[h]! },
          expectStatus: 200,
        };
      }
      return {
        group: 'queries',
        method: 'GET',
        path: `/recipients/hospital/${hospital(h)}/timeline`,
        headers: { Authorization: institutions[h]! },
        expectStatus: 200,
      };
    };
    // Every hospital has a case (and a timeline) before the first query.
    load.record();
    for (let h = 0; h < HOSPITALS; h++) {
      load.send(command(h));
      if (h % 10 === 9) await load.drain(); // ten at a time: seeding is no load test
    }
    await load.drain();
    if (drafted.length < HOSPITALS) {
      throw new Error(
        `seeding: ${drafted.length} of ${HOSPITALS} drafts answered 201: ` +
          JSON.stringify([...load.groups()].map(([group, f]) => [group, [...f.errors]])),
      );
    }
    await probe.waitCaughtUp(120_000);
    console.log(`\n${mode}: ${processes.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);
    const cpu = new CpuMeter(processes);
    await loadPhases(
      load,
      command,
      query,
      async () => {
        const lags = await probe.read();
        return formatLags(lags);
      },
      () => {
        probe.resetWorst();
        cpu.start();
      },
    );
    const cpuSeconds = cpu.stop();
    const worst = formatLags([...probe.worst].map(([name, lag]) => ({ name, ...lag })));
    const caughtUpSeconds = await probe.waitCaughtUp(600_000);
    for (const p of processes) if (!p.running) throw new Error(`${p.name} exited during the run:\n${p.log}`);
    return {
      name:
        mode === 'same-process' ? 'npm start: api + worker, one process' : 'api and worker, two processes',
      groups: load.groups(),
      lag: worst,
      caughtUpSeconds,
      cpu: cpuSeconds,
    };
  } finally {
    await probe.close();
    for (const p of [...processes].reverse()) {
      const code = await p.stop();
      if (code !== 0 || process.env.BENCH_API_LOG)
        console.log(
          `${p.name} exited ${code}:\n${p.log.slice(-(Number(process.env.BENCH_API_LOG) || 3000))}`,
        );
    }
    await drop();
  }
}

/** Warm-up (not counted), then the measured run; a progress line every 10 s. */
async function loadPhases(
  load: OpenLoad,
  command: (i: number) => Shot,
  query: (i: number) => Shot,
  lag: () => Promise<string | undefined>,
  startMeasuring: () => void = () => undefined,
): Promise<void> {
  let offset = 0;
  const both = async (seconds: number) => {
    const from = offset;
    offset += Math.round(COMMANDS * seconds);
    await Promise.all([
      load.run(COMMANDS, seconds, (i) => command(from + i)),
      load.run(QUERIES, seconds, (i) => query(i)),
    ]);
  };
  await both(WARMUP);
  await load.drain();
  load.record();
  startMeasuring();
  const started = performance.now();
  const progress = setInterval(() => {
    void lag().then((lags) => {
      const seconds = Math.round((performance.now() - started) / 1000);
      const line = [...load.groups()]
        .map(
          ([group, f]) =>
            `${group} ${f.latencies.length}/${f.sent} p99 ${f.quantile(0.99).toFixed(0)} ms err ${f.errorCount}`,
        )
        .join('; ');
      console.log(`  ${seconds}s ${line}${lags ? ` | lag ${lags}` : ''} | load ${loadavg()[0]!.toFixed(2)}`);
    });
  }, 10_000);
  try {
    await both(DURATION);
    await load.drain();
  } finally {
    clearInterval(progress);
    load.close();
  }
}

function report(results: readonly Result[], url: string, load: string): void {
  const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
  console.log(
    `\nmachine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
      `database ${process.env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL (${new URL(url).port})`}; ` +
      `${load} at start, load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} at end`,
  );
  console.log(
    '\n| run | requests | answered/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const result of results) {
    for (const [group, f] of result.groups) {
      const errors = [...f.errors].map(([kind, n]) => `${n} × ${kind}`).join('; ');
      console.log(
        `| ${result.name} | ${group} | ${(f.latencies.length / DURATION).toFixed(0)} | ${ms(f.quantile(0.5))} | ` +
          `${ms(f.quantile(0.95))} | ${ms(f.quantile(0.99))} | ${ms(f.quantile(1))} | ${f.errorCount === 0 ? '0' : errors.slice(0, 300)} |`,
      );
    }
  }
  for (const result of results) {
    const answered = [...result.groups.values()].reduce((sum, f) => sum + f.latencies.length, 0);
    const each = (result.cpu ?? []).map(({ name, seconds }) =>
      name === 'idle'
        ? `idle ${(seconds / DURATION).toFixed(2)} of ${cpus().length} cores`
        : `${name} ${seconds.toFixed(1)} CPU s = ${((1000 * seconds) / Math.max(1, answered)).toFixed(2)} ms per answered request` +
          ` (${(seconds / DURATION).toFixed(2)} of ${cpus().length} cores)`,
    );
    if (each.length > 0) console.log(`\n${result.name}: ${answered} answered; ${each.join(', ')}`);
  }
  for (const result of results.filter((r) => r.lag !== undefined)) {
    console.log(
      `\n${result.name}: worst projection lag during the run: ${result.lag}; ` +
        `every projection at the end of the log ${result.caughtUpSeconds!.toFixed(1)} s after the load stopped`,
    );
    const worst = Math.max(
      ...[...result.groups]
        .filter(([group]) => group !== 'read-your-writes')
        .map(([, f]) => f.quantile(0.99)),
    );
    const errors = [...result.groups.values()].reduce((sum, f) => sum + f.errorCount, 0);
    console.log(
      `  p99 ${worst.toFixed(1)} ms ${worst < TARGET_P99_MS ? '<' : '≥'} target ${TARGET_P99_MS} ms; ${errors} errors`,
    );
  }
}

/**
 * CPU seconds between start() and stop() (/proc; nothing where there is none) of each process of the
 * run, of this process (the load generator, on the same cores), of PostgreSQL (every `postgres`
 * process), and the cores' idle time: what the parts add up to says whether the machine had CPU left.
 */
class CpuMeter {
  private readonly from = new Map<string, number>();
  private readonly meters: readonly { readonly name: string; readonly read: () => number | undefined }[];

  constructor(processes: readonly { readonly name: string; readonly pid?: number }[]) {
    this.meters = [
      ...processes.map((p) => ({ name: p.name, read: () => processCpuSeconds(p.pid) })),
      { name: 'load generator', read: () => processCpuSeconds(process.pid) },
      { name: 'PostgreSQL (every postgres process on the machine)', read: postgresCpuSeconds },
      { name: 'idle', read: idleCpuSeconds },
    ];
  }

  start(): void {
    for (const meter of this.meters) {
      const seconds = meter.read();
      if (seconds !== undefined) this.from.set(meter.name, seconds);
    }
  }

  stop(): { name: string; seconds: number }[] {
    return this.meters.flatMap((meter) => {
      const [from, to] = [this.from.get(meter.name), meter.read()];
      return from === undefined || to === undefined ? [] : [{ name: meter.name, seconds: to - from }];
    });
  }
}

const hospital = (h: number) => `hosp-${String(h + 1).padStart(3, '0')}`;

/** 交付申請書: 退院支援 staff for a hospital (transition-support), as an institution drafts it. */
function draftBody(applicationId: string, hospitalId: string): object {
  const h = Number(hospitalId.slice(5));
  return {
    applicationId,
    programId: PROGRAM,
    menuId: 'discharge-staff',
    fiscalYear: FISCAL_YEAR,
    programYear: 1,
    recipient: {
      kind: 'hospital',
      id: hospitalId,
      municipalityCode: MUNICIPALITIES[h % MUNICIPALITIES.length],
    },
    quantity: { persons: 2 },
    plannedExpenditure: 8_000_000 + (h % 50) * 1000,
    otherIncome: 0,
  };
}

async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs = 60_000,
  describe: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

try {
  await main();
  if (!process.argv.includes('--serve-baseline')) process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
