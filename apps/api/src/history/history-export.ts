import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { writeHistory, type HistoryFormat, type HistoryLayout, type RecordedEvent } from '#event-store';

export const EXPORT_CONTENT_TYPES: Readonly<Record<HistoryFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson',
};

export interface ExportOutcome {
  /** Events handed to the response. */
  readonly returned: number;
  /** false: the client went away, or reading failed, before the end. */
  readonly completed: boolean;
  readonly error?: string;
}

/**
 * Streams a history to an HTTP response through writeHistory, one event in memory at a time: the
 * response's back-pressure pauses the reads. A client that goes away stops the reads at the next event;
 * a failure after the headers were sent destroys the connection, so the client sees a cut-off
 * transfer rather than a complete-looking file. Never throws: the outcome says what happened.
 */
export async function sendHistoryExport(
  events: AsyncIterable<RecordedEvent>,
  format: HistoryFormat,
  response: ServerResponse,
  filename: string,
  layout?: HistoryLayout,
): Promise<ExportOutcome> {
  response.statusCode = 200;
  response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[format]);
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  let gone = false;
  response.once('close', () => (gone = !response.writableFinished));
  let returned = 0;
  async function* untilGone(): AsyncGenerator<RecordedEvent> {
    for await (const event of events) {
      if (gone) return;
      returned++;
      yield event;
    }
  }
  const sink = responseSink(response);
  try {
    await writeHistory(untilGone(), format, sink, layout);
    sink.end();
    await finished(sink);
    return { returned, completed: !gone };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    response.destroy(error instanceof Error ? error : new Error(message));
    return { returned, completed: false, error: message };
  }
}

/**
 * A Writable in front of the response whose 'drain' always comes: when the response drains, and also
 * when its connection closes (a closed response never emits 'drain', which would leave writeHistory
 * waiting forever). Chunks written after the close are dropped.
 */
function responseSink(response: ServerResponse): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (response.destroyed || response.write(chunk)) return callback();
      const done = (): void => {
        response.off('drain', done);
        response.off('close', done);
        callback();
      };
      response.on('drain', done);
      response.on('close', done);
    },
    final(callback) {
      if (response.destroyed) return callback();
      response.end();
      finished(response).then(
        () => callback(),
        () => callback(),
      );
    },
  });
}

/** `zaitaku-history-application-2026-0001-20260401T003000Z.csv`: ASCII only, safe in any header. */
export function exportFilename(label: string, at: Date, format: HistoryFormat, kind = 'history'): string {
  const stamp = at.toISOString().replace(/[-:]|\.\d{3}/g, '');
  return `zaitaku-${kind}-${label.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.${format}`;
}
