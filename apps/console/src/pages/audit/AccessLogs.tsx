import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { RoleName } from '../../components/CodeNames.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { Instant } from './Instant.tsx';
import { afterTokyoDay, startOfTokyoDay } from './tokyo-day.ts';
import { formParams, paramsOf } from '../../components/url-params.ts';

const PAGE_SIZE = '200';
const FIELDS = ['actorId', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FIELDS)[number], string>>;

function queryOf(filters: Filters) {
  return {
    limit: PAGE_SIZE,
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.from ? { from: startOfTokyoDay(filters.from) } : {}),
    ...(filters.to ? { to: afterTokyoDay(filters.to) } : {}),
  };
}

/**
 * アクセス記録: the auditor access log (GET /admin/audit-access, admins only) and the security log of
 * refused requests (GET /security-log, auditors and admins), both filtered by actor and days in the URL.
 */
export function AccessLogs() {
  const { t } = useTranslation('audit');
  const session = useCurrentSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filters: Filters = paramsOf(params, FIELDS);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = formParams(event.currentTarget, FIELDS);
    void navigate(next.size > 0 ? `/audit/logs?${next}` : '/audit/logs');
  };
  return (
    <>
      <form
        key={params.toString()}
        onSubmit={submit}
        aria-label={t('logs.filters')}
        className="mb-4 flex flex-wrap items-end gap-4"
      >
        <label className="block text-sm">
          {t('logs.actorId')}
          <input name="actorId" defaultValue={filters.actorId} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('logs.from')}
          <input type="date" name="from" defaultValue={filters.from} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('logs.to')}
          <input type="date" name="to" defaultValue={filters.to} className={ui.filterField} />
        </label>
        <button type="submit" className={ui.primaryButton}>
          {t('logs.apply')}
        </button>
      </form>
      {session.role === 'admin' ? <AccessLog filters={filters} /> : <p>{t('logs.adminOnly')}</p>}
      <SecurityLog filters={filters} />
    </>
  );
}

/** What an access record read, in a line: the scope and target, the filters or the as-of point. */
function describeAccess(access: Record<string, unknown>): string {
  const parts = Object.entries(access)
    .filter(([name]) => !['returned', 'nextCursor', 'found', 'completed'].includes(name))
    .map(([name, value]) => `${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return parts.join(' ');
}

function countOf(access: Record<string, unknown>): string {
  if (typeof access.returned === 'number') return access.returned.toLocaleString('ja-JP');
  if (typeof access.found === 'boolean') return access.found ? '1' : '0';
  return '';
}

function AccessLog({ filters }: { filters: Filters }) {
  const { t } = useTranslation('audit');
  const loading = useTranslation('common').t('loading');
  const log = useQuery<Schemas['AuditAccessPageDto'], ApiError>({
    queryKey: ['audit-access', filters],
    queryFn: async () =>
      dataOf(await api.GET('/admin/audit-access', { params: { query: queryOf(filters) } })),
  });
  const columns = ['at', 'actor', 'type', 'what', 'returned'] as const;
  return (
    <section aria-labelledby="access-heading" className="mb-8">
      <h2 id="access-heading" className={ui.sectionHeading}>
        {t('logs.accessHeading')}
      </h2>
      {log.isPending && <p>{loading}</p>}
      {log.isError && <ErrorAlert error={log.error} />}
      {log.isSuccess && (
        <ListTable
          caption={t('logs.accessCaption')}
          headings={columns.map((column) => t(`logs.columns.${column}`))}
          children={log.data.entries.map((entry) => (
            <tr key={entry.position} className="border-b border-solid-gray-200 align-top">
              <td className={ui.td}>
                <Instant at={entry.recordedAt} />
              </td>
              <td className={ui.td}>
                {entry.actorId}（<RoleName role={entry.actorRole} />）
              </td>
              <td className={ui.td}>{entry.type}</td>
              <td className={`${ui.td} font-mono text-xs break-all`}>{describeAccess(entry.access)}</td>
              <td className={`${ui.td} text-right`}>{countOf(entry.access)}</td>
            </tr>
          ))}
          empty={t('logs.empty')}
        />
      )}
    </section>
  );
}

function SecurityLog({ filters }: { filters: Filters }) {
  const { t } = useTranslation('audit');
  const loading = useTranslation('common').t('loading');
  const log = useQuery<Schemas['SecurityLogPageDto'], ApiError>({
    queryKey: ['security-log', filters],
    queryFn: async () => dataOf(await api.GET('/security-log', { params: { query: queryOf(filters) } })),
  });
  const exportQuery = new URLSearchParams({ format: 'csv' });
  for (const [name, value] of Object.entries(queryOf(filters)))
    if (name !== 'limit') exportQuery.set(name, value);
  const columns = ['at', 'actor', 'code', 'status', 'route', 'target'] as const;
  return (
    <section aria-labelledby="security-heading">
      <h2 id="security-heading" className={ui.sectionHeading}>
        {t('logs.securityHeading')}
      </h2>
      <p className="mb-3 text-sm">
        <a href={`/security-log/export?${exportQuery}`} download className={ui.link}>
          {t('logs.exportCsv')}
        </a>
      </p>
      {log.isPending && <p>{loading}</p>}
      {log.isError && <ErrorAlert error={log.error} />}
      {log.isSuccess && (
        <ListTable
          caption={t('logs.securityCaption')}
          headings={columns.map((column) => t(`logs.columns.${column}`))}
          children={log.data.entries.map((entry) => (
            <tr key={entry.position} className="border-b border-solid-gray-200 align-top">
              <td className={ui.td}>
                <Instant at={entry.at} />
              </td>
              <td className={ui.td}>
                {entry.actorId}（<RoleName role={entry.actorRole} />）
              </td>
              <td className={`${ui.td} font-mono text-xs`}>{entry.code}</td>
              <td className={ui.td}>{entry.status}</td>
              <td className={`${ui.td} font-mono text-xs break-all`}>{entry.command ?? entry.route}</td>
              <td className={`${ui.td} font-mono text-xs break-all`}>{entry.target}</td>
            </tr>
          ))}
          empty={t('logs.empty')}
        />
      )}
    </section>
  );
}
