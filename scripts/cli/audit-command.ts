import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { KeyObject } from 'node:crypto';
import {
  describeFinding,
  exportLog,
  keyIdOf,
  loadPublicKeyFile,
  loadSigningKey,
  PostgresLogCheckpointStore,
  recordLogCheckpoint,
  verifyLogExport,
  verifyStoredLog,
  type EventStore,
  type VerificationSummary,
} from '#event-store';
import { systemClock } from '#platform';
import type { CliContext } from './cli-context.ts';

export const AUDIT_USAGE = `npm run cli -- audit verify                                  walk every stream's hash chain and the signed checkpoints
npm run cli -- audit verify --export FILE --public-key PEM   verify an export offline
npm run cli -- audit checkpoint                              sign the log's head now
npm run cli -- audit export --out FILE [--public-key-out PEM] export the log with its checkpoints (JSON Lines)`;

/** Exit codes: 0 nothing found, 1 tampering found, 2 usage or configuration error. */
export async function auditCommand(
  args: readonly string[],
  open: () => Promise<CliContext>,
): Promise<number> {
  const [action, ...rest] = args;
  const options = parseOptions(rest);
  if (action === 'verify' && options.export !== undefined) return verifyExport(options);
  if (action !== 'verify' && action !== 'checkpoint' && action !== 'export') {
    console.error(`unknown audit action ${JSON.stringify(action ?? '')}\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const context = await open();
  try {
    const checkpoints = new PostgresLogCheckpointStore(context.pool);
    await checkpoints.ensureSchema();
    const { key, generated, file } = await loadSigningKey(
      process.env.AUDIT_SIGNING_KEY_FILE,
      process.env.NODE_ENV === 'production',
    );
    if (generated) console.error(`generated a development audit signing key in ${file}`);
    if (action === 'checkpoint') {
      const checkpoint = await recordLogCheckpoint(context.store, checkpoints, key, systemClock.now());
      console.log(
        checkpoint === undefined
          ? 'the log is empty: nothing to sign'
          : `checkpoint ${checkpoint.sequence}: ${checkpoint.eventCount} events up to position ${checkpoint.position}, rolling hash ${checkpoint.rollingHash}`,
      );
      return 0;
    }
    if (action === 'export') return await exportTo(context.store, checkpoints, options, key.publicKey);
    const trusted = new Map<string, KeyObject>([[key.keyId, key.publicKey]]);
    for (const path of options.publicKeys) {
      const publicKey = await loadPublicKeyFile(path);
      trusted.set(keyIdOf(publicKey), publicKey);
    }
    const started = Date.now();
    const summary = await verifyStoredLog(context.store, await checkpoints.all(), trusted, (n) =>
      process.stderr.write(
        `\r${n} events verified (${Math.round(n / ((Date.now() - started) / 1000 || 1))}/s)`,
      ),
    );
    process.stderr.write('\n');
    return report(summary);
  } finally {
    await context.close();
  }
}

async function verifyExport(options: Options): Promise<number> {
  if (options.publicKeys.length === 0) {
    console.error(
      'audit verify --export needs --public-key PEM: the key you trust, obtained separately from the file',
    );
    return 2;
  }
  const trusted = new Map<string, KeyObject>();
  for (const path of options.publicKeys) {
    const publicKey = await loadPublicKeyFile(path);
    trusted.set(keyIdOf(publicKey), publicKey);
  }
  return report(await verifyLogExport(options.export!, trusted));
}

async function exportTo(
  store: EventStore,
  checkpoints: PostgresLogCheckpointStore,
  options: Options,
  publicKey: KeyObject,
): Promise<number> {
  if (options.out === undefined) {
    console.error(`audit export needs --out FILE\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const out = createWriteStream(options.out);
  const counts = await exportLog(store, await checkpoints.all(), out, systemClock.now());
  out.end();
  await finished(out);
  if (options.publicKeyOut !== undefined)
    await writeFile(options.publicKeyOut, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  console.log(
    `exported ${counts.events} events and ${counts.checkpoints} signed checkpoints to ${options.out}`,
  );
  return 0;
}

function report(summary: VerificationSummary): number {
  console.log(
    `${summary.events} events in ${summary.streams} streams, ${summary.checkpoints} signed checkpoints checked`,
  );
  if (summary.checkpoints === 0)
    console.log('warning: no signed checkpoints: a stream removed whole cannot be detected');
  if (summary.findings.length === 0) {
    console.log('OK: 改ざんは検出されませんでした (no tampering found)');
    return 0;
  }
  console.log(`FIRST BROKEN LINK: ${describeFinding(summary.findings[0]!)}`);
  for (const finding of summary.findings.slice(1)) console.log(`  also: ${describeFinding(finding)}`);
  return 1;
}

interface Options {
  readonly export?: string;
  readonly out?: string;
  readonly publicKeyOut?: string;
  readonly publicKeys: string[];
}

function parseOptions(args: readonly string[]): Options {
  const options: { export?: string; out?: string; publicKeyOut?: string; publicKeys: string[] } = {
    publicKeys: [],
  };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--export') options.export = value;
    else if (flag === '--out') options.out = value;
    else if (flag === '--public-key') options.publicKeys.push(value);
    else if (flag === '--public-key-out') options.publicKeyOut = value;
    else throw new UsageError(`unknown option ${flag}`);
  }
  return options;
}

export class UsageError extends Error {}
