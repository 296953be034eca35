import type { Writable } from 'node:stream';
import type { RecordedEvent } from '../port/event-envelope.ts';
import { eventToJson } from '../io/event-json.ts';
import { writeChunk as write } from '../io/write-chunk.ts';

export type HistoryFormat = 'csv' | 'jsonl';

/** A CSV column: its header, and the cell of an event. */
export type HistoryColumn = readonly [header: string, cell: (event: RecordedEvent) => string];

/** How an export shows an event: its CSV columns, and its JSON Lines object. */
export interface HistoryLayout {
  readonly columns: readonly HistoryColumn[];
  readonly json: (event: RecordedEvent) => unknown;
}

/** Column headers in Japanese (the auditors' language); the JSON Lines keys stay the envelope's names. */
const CSV_COLUMNS: readonly HistoryColumn[] = [
  ['位置', (e) => e.position.toString()],
  ['ストリーム', (e) => e.streamId],
  ['版', (e) => String(e.revision)],
  ['イベント', (e) => e.type],
  ['スキーマ版', (e) => String(e.schemaVersion)],
  ['記録日時(JST)', (e) => tokyoTimestamp(e.recordedAt)],
  ['実行者ID', (e) => e.metadata.actorId],
  ['役割', (e) => e.metadata.actorRole],
  ['理由', (e) => e.metadata.reason ?? ''],
  ['相関ID', (e) => e.metadata.correlationId],
  ['原因ID', (e) => e.metadata.causationId ?? ''],
  ['イベントID', (e) => e.id],
  ['データ(JSON)', (e) => JSON.stringify(e.data)],
  ['ハッシュ', (e) => e.hash],
];

/** The event envelope as it is stored: the history exports' layout. */
export const EVENT_LAYOUT: HistoryLayout = { columns: CSV_COLUMNS, json: eventToJson };

/**
 * Streams a history as CSV (UTF-8 with BOM and CRLF, so Excel opens the Japanese correctly) or JSON
 * Lines, respecting back-pressure: one event in memory at a time. Returns the number written. `layout`
 * chooses the columns and the JSON of an event (a log of its own, e.g. the api's security log).
 */
export async function writeHistory(
  events: AsyncIterable<RecordedEvent>,
  format: HistoryFormat,
  out: Writable,
  layout: HistoryLayout = EVENT_LAYOUT,
): Promise<number> {
  let count = 0;
  const { columns, json } = layout;
  if (format === 'csv') await write(out, `\uFEFF${columns.map(([h]) => csvField(h)).join(',')}\r\n`);
  for await (const event of events) {
    await write(out, format === 'csv' ? csvLine(columns, event) : `${JSON.stringify(json(event))}\n`);
    count++;
  }
  return count;
}

function csvLine(columns: readonly HistoryColumn[], event: RecordedEvent): string {
  return `${columns.map(([, value]) => csvField(value(event))).join(',')}\r\n`;
}

/** RFC 4180; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** 2026-04-01T09:30:00.000+09:00: the Tokyo wall-clock time an auditor reads, unambiguous. */
export function tokyoTimestamp(instant: Date): string {
  return `${new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 23)}+09:00`;
}
