import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { KeyObject } from 'node:crypto';
import {
  checkStoredColumns,
  DEVELOPMENT_WITNESS_DIR,
  DirectoryWitness,
  describeFinding,
  isTreeHead,
  proveConsistency,
  proveInclusion,
  verifyLogProof,
  type LogCheckpoint,
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

export const AUDIT_USAGE = `npm run cli -- audit verify                                  walk every stream's hash chain, the signed checkpoints, the witness and the signed leaves
npm run cli -- audit verify --export FILE --public-key PEM   verify an export offline
npm run cli -- audit verify --proof FILE --public-key PEM    verify an inclusion or consistency proof offline
npm run cli -- audit checkpoint                              sign the log's head now (a Merkle tree head)
npm run cli -- audit prove --event ID [--checkpoint N] [--out FILE]   inclusion proof of one event (default: newest checkpoint)
npm run cli -- audit prove --from N|size:S --to N|size:S [--out FILE] consistency proof between two checkpoints
npm run cli -- audit export --out FILE [--public-key-out PEM] export the log with its checkpoints (JSON Lines)`;

/** Exit codes: 0 nothing found, 1 tampering found, 2 usage or configuration error. */
export async function auditCommand(
  args: readonly string[],
  open: () => Promise<CliContext>,
): Promise<number> {
  const [action, ...rest] = args;
  const options = parseOptions(rest);
  if (action === 'verify' && options.export !== undefined) return verifyExport(options);
  if (action === 'verify' && options.proof !== undefined) return verifyProof(options);
  if (action !== 'verify' && action !== 'checkpoint' && action !== 'export' && action !== 'prove') {
    console.error(`unknown audit action ${JSON.stringify(action ?? '')}\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const context = await open();
  try {
    const checkpoints = new PostgresLogCheckpointStore(context.pool);
    const { key, generated, file } = await loadSigningKey(
      process.env.AUDIT_SIGNING_KEY_FILE,
      process.env.NODE_ENV === 'production',
    );
    if (generated) console.error(`generated a development audit signing key in ${file}`);
    const witness = new DirectoryWitness(process.env.AUDIT_WITNESS_DIR?.trim() || DEVELOPMENT_WITNESS_DIR);
    if (action === 'prove') return await prove(context.store, checkpoints, options);
    if (action === 'checkpoint') {
      const checkpoint = await recordLogCheckpoint(context.store, checkpoints, key, systemClock.now(), {
        witness,
      });
      console.log(
        checkpoint === undefined
          ? 'the log is empty: nothing to sign'
          : `checkpoint ${checkpoint.sequence}: ${checkpoint.eventCount} events up to position ${checkpoint.position}, tree head ${checkpoint.treeRoot ?? `(version 1) rolling hash ${checkpoint.rollingHash}`}, witnessed in ${witness.description}`,
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
    const summary = await verifyStoredLog(context.store, await checkpoints.all(), trusted, {
      onProgress: (n) =>
        process.stderr.write(
          `\r${n} events verified (${Math.round(n / ((Date.now() - started) / 1000 || 1))}/s)`,
        ),
      witness,
      leaves: (limit) => checkpoints.leaves(0, limit),
      storedColumns: context.store.name === 'postgresql' ? () => checkStoredColumns(context.pool) : undefined,
    });
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

async function verifyProof(options: Options): Promise<number> {
  if (options.publicKeys.length === 0) {
    console.error(
      'audit verify --proof needs --public-key PEM: the key you trust, obtained separately from the file',
    );
    return 2;
  }
  const trusted = new Map<string, KeyObject>();
  for (const path of options.publicKeys) {
    const publicKey = await loadPublicKeyFile(path);
    trusted.set(keyIdOf(publicKey), publicKey);
  }
  let proof: unknown;
  try {
    proof = JSON.parse(await readFile(options.proof!, 'utf8'));
  } catch (error) {
    console.error(`--proof ${options.proof}: not a readable JSON file (${(error as Error).message})`);
    return 2;
  }
  const verdict = verifyLogProof(proof, trusted);
  if (verdict.valid) {
    for (const statement of verdict.statements) console.log(`OK: ${statement}`);
    return 0;
  }
  for (const statement of verdict.statements) console.log(`PROOF INVALID: ${statement}`);
  return 1;
}

async function prove(
  store: EventStore,
  checkpoints: PostgresLogCheckpointStore,
  options: Options,
): Promise<number> {
  const all = await checkpoints.all();
  let proof: unknown;
  if (options.event !== undefined) {
    const at =
      options.checkpoint === undefined
        ? all.filter(isTreeHead).at(-1)
        : pickCheckpoint(all, options.checkpoint, '--checkpoint');
    if (at === undefined) throw new UsageError('no version 2 checkpoint yet: run audit checkpoint first');
    proof = await proveInclusion(store, checkpoints, options.event, at);
  } else if (options.from !== undefined && options.to !== undefined) {
    proof = await proveConsistency(
      checkpoints,
      pickCheckpoint(all, options.from, '--from'),
      pickCheckpoint(all, options.to, '--to'),
    );
  } else {
    throw new UsageError('audit prove needs --event ID, or --from and --to');
  }
  const text = `${JSON.stringify(proof, null, 2)}\n`;
  if (options.out === undefined) process.stdout.write(text);
  else {
    await writeFile(options.out, text);
    console.error(`wrote the proof to ${options.out}`);
  }
  return 0;
}

/** `N`: checkpoint sequence N; `size:S`: the checkpoint whose tree has S events. */
function pickCheckpoint(all: readonly LogCheckpoint[], value: string, flag: string): LogCheckpoint {
  const match = /^(size:)?([0-9]+)$/.exec(value);
  if (match === null)
    throw new UsageError(`${flag} ${value}: expected a checkpoint sequence (3) or a tree size (size:120)`);
  const n = Number(match[2]);
  const found =
    match[1] === undefined
      ? all.find((c) => c.sequence === n)
      : all.find((c) => isTreeHead(c) && c.eventCount === n);
  if (found === undefined)
    throw new UsageError(
      `${flag} ${value}: no ${match[1] === undefined ? `checkpoint ${n}` : `checkpoint signs a tree of ${n} events`} (checkpoints: ${all.map((c) => `${c.sequence}=size:${c.eventCount}`).join(', ') || 'none'})`,
    );
  return found;
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
  readonly proof?: string;
  readonly event?: string;
  readonly checkpoint?: string;
  readonly from?: string;
  readonly to?: string;
  readonly out?: string;
  readonly publicKeyOut?: string;
  readonly publicKeys: string[];
}

function parseOptions(args: readonly string[]): Options {
  const options: {
    export?: string;
    proof?: string;
    event?: string;
    checkpoint?: string;
    from?: string;
    to?: string;
    out?: string;
    publicKeyOut?: string;
    publicKeys: string[];
  } = { publicKeys: [] };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--export') options.export = value;
    else if (flag === '--out') options.out = value;
    else if (flag === '--proof') options.proof = value;
    else if (flag === '--event') options.event = value;
    else if (flag === '--checkpoint') options.checkpoint = value;
    else if (flag === '--from') options.from = value;
    else if (flag === '--to') options.to = value;
    else if (flag === '--public-key') options.publicKeys.push(value);
    else if (flag === '--public-key-out') options.publicKeyOut = value;
    else throw new UsageError(`unknown option ${flag}`);
  }
  return options;
}

export class UsageError extends Error {}
