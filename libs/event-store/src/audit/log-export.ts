import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { eventToJson } from '../io/event-json.ts';
import { writeChunk } from '../io/write-chunk.ts';
import { readHistory } from '../history/history-reader.ts';
import type { EventStore } from '../port/event-store.ts';
import { EventStoreError } from '../port/errors.ts';
import type { LogCheckpoint } from './log-checkpoint.ts';
import type { VerifiableEvent } from './log-verifier.ts';

export const LOG_EXPORT_FORMAT = 'zaitaku-log-export';

/**
 * JSON Lines: a header, the signed checkpoints, every event in global order, and a trailer with the
 * counts (a cut-off file is refused, not verified as a shorter log). Written page by page: constant
 * memory whatever the size of the log.
 */
export async function exportLog(
  store: EventStore,
  checkpoints: readonly LogCheckpoint[],
  out: Writable,
  exportedAt: Date,
): Promise<{ events: number; checkpoints: number }> {
  await write(out, {
    kind: 'header',
    format: LOG_EXPORT_FORMAT,
    version: 1,
    exportedAt: exportedAt.toISOString(),
  });
  for (const checkpoint of checkpoints) await write(out, { kind: 'checkpoint', ...checkpoint });
  let events = 0;
  for await (const event of readHistory(store, {})) {
    await write(out, { kind: 'event', ...eventToJson(event) });
    events++;
  }
  await write(out, { kind: 'end', events, checkpoints: checkpoints.length });
  return { events, checkpoints: checkpoints.length };
}

async function write(out: Writable, line: Record<string, unknown>): Promise<void> {
  await writeChunk(
    out,
    `${JSON.stringify(line)}
`,
  );
}

export type ExportItem =
  | { readonly kind: 'checkpoint'; readonly checkpoint: LogCheckpoint }
  | { readonly kind: 'event'; readonly event: VerifiableEvent };

/** Reads an export back, line by line, checking its header and trailer. */
export async function* readLogExport(path: string): AsyncGenerator<ExportItem> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  let counts = { events: 0, checkpoints: 0 };
  let ended = false;
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    const line = parseLine(text, path, lineNumber);
    if (lineNumber === 1) {
      if (line.kind !== 'header' || line.format !== LOG_EXPORT_FORMAT || line.version !== 1)
        throw invalid(path, lineNumber, `expected a ${LOG_EXPORT_FORMAT} version 1 header`);
      continue;
    }
    if (ended) throw invalid(path, lineNumber, 'content after the end line');
    if (line.kind === 'checkpoint') {
      const { kind: _kind, ...checkpoint } = line;
      counts = { ...counts, checkpoints: counts.checkpoints + 1 };
      yield { kind: 'checkpoint', checkpoint: checkpoint as unknown as LogCheckpoint };
    } else if (line.kind === 'event') {
      counts = { ...counts, events: counts.events + 1 };
      yield { kind: 'event', event: toEvent(line) };
    } else if (line.kind === 'end') {
      if (line.events !== counts.events || line.checkpoints !== counts.checkpoints)
        throw invalid(
          path,
          lineNumber,
          `the end line counts ${line.events} events and ${line.checkpoints} checkpoints, the file holds ${counts.events} and ${counts.checkpoints}`,
        );
      ended = true;
    } else {
      throw invalid(path, lineNumber, `unknown line kind ${JSON.stringify(line.kind)}`);
    }
  }
  if (lineNumber === 0) throw invalid(path, 0, 'the file is empty');
  if (!ended) throw invalid(path, lineNumber, 'the file ends without its end line: it was cut off');
}

function parseLine(text: string, path: string, lineNumber: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw invalid(path, lineNumber, 'not a JSON object');
}

function toEvent(line: Record<string, unknown>): VerifiableEvent {
  return {
    id: line.id as string,
    streamId: line.streamId as string,
    revision: line.revision as number,
    type: line.type as string,
    schemaVersion: line.schemaVersion as number,
    data: line.data,
    metadata: line.metadata as VerifiableEvent['metadata'],
    recordedAt: new Date(line.recordedAt as string),
    hash: line.hash as string,
    position: BigInt(line.position as string),
  };
}

function invalid(path: string, line: number, reason: string): EventStoreError {
  return new EventStoreError('INVALID_EXPORT', `${path}, line ${line}: ${reason}`, { path, line });
}
