import { tokyoTimestamp, type HistoryLayout } from '#event-store';
import { securityLogEntryDto } from './security-log.dto.ts';

/**
 * The security log's exports: CSV columns in Japanese (like the history's) and one entry per JSON line,
 * each with the hash of its event, so an entry can be checked against the hash-chained log.
 */
export const SECURITY_LOG_LAYOUT: HistoryLayout = {
  columns: [
    ['位置', (e) => e.position.toString()],
    ['拒否日時(JST)', (e) => tokyoTimestamp(new Date(securityLogEntryDto(e).at))],
    ['実行者ID', (e) => e.metadata.actorId],
    ['役割', (e) => e.metadata.actorRole],
    ['自治体コード', (e) => securityLogEntryDto(e).municipalityCode ?? ''],
    ['機関ID', (e) => securityLogEntryDto(e).institutionId ?? ''],
    ['拒否コード', (e) => securityLogEntryDto(e).code],
    ['HTTPステータス', (e) => String(securityLogEntryDto(e).status)],
    ['コマンド', (e) => securityLogEntryDto(e).command ?? ''],
    ['ルート', (e) => securityLogEntryDto(e).route],
    ['対象', (e) => securityLogEntryDto(e).target],
    ['リクエストID', (e) => securityLogEntryDto(e).requestId],
    ['メッセージ', (e) => securityLogEntryDto(e).message ?? ''],
    ['再送', (e) => (securityLogEntryDto(e).replayed ? 'true' : '')],
    ['イベントID', (e) => e.id],
    ['ハッシュ', (e) => e.hash],
  ],
  json: (e) => ({ ...securityLogEntryDto(e), hash: e.hash }),
};
