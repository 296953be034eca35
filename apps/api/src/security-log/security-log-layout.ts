import { tokyoTimestamp, type HistoryColumn, type HistoryLayout, type RecordedEvent } from '#event-store';
import { securityLogEntryDto, type SecurityLogEntryDto } from './security-log.dto.ts';

/** A column of the entry an event shows (the same entry the query answers). */
const column = (header: string, cell: (entry: SecurityLogEntryDto) => string): HistoryColumn => [
  header,
  (event: RecordedEvent) => cell(securityLogEntryDto(event)),
];

/**
 * The security log's exports: CSV columns in Japanese (like the history's) and one entry per JSON line,
 * each with the id and hash of its event, so an entry can be checked against the hash-chained log.
 */
export const SECURITY_LOG_LAYOUT: HistoryLayout = {
  columns: [
    column('位置', (e) => e.position),
    column('拒否日時(JST)', (e) => tokyoTimestamp(new Date(e.at))),
    column('実行者ID', (e) => e.actorId),
    column('役割', (e) => e.actorRole),
    column('自治体コード', (e) => e.municipalityCode ?? ''),
    column('機関ID', (e) => e.institutionId ?? ''),
    column('拒否コード', (e) => e.code),
    column('HTTPステータス', (e) => String(e.status)),
    column('コマンド', (e) => e.command ?? ''),
    column('ルート', (e) => e.route),
    column('対象', (e) => e.target),
    column('リクエストID', (e) => e.requestId),
    column('メッセージ', (e) => e.message ?? ''),
    column('再送', (e) => (e.replayed === true ? 'true' : '')),
    column('イベントID', (e) => e.eventId),
    ['ハッシュ', (event) => event.hash],
  ],
  json: (event) => ({ ...securityLogEntryDto(event), hash: event.hash }),
};
