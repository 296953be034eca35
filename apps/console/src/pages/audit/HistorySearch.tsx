import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { RoleName } from '../../components/CodeNames.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ui } from '../../components/ui.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { Instant } from './Instant.tsx';
import { afterTokyoDay, startOfTokyoDay } from './tokyo-day.ts';
import { formParams, paramsOf } from '../../components/url-params.ts';

const PAGE_SIZE = '50';
const SCOPES = ['log', 'stream', 'category'] as const;
type Scope = (typeof SCOPES)[number];
/** The search, kept in the page's URL (`/audit?scope=stream&streamId=…`): a reload or a link shows it again. */
const FIELDS = ['scope', 'streamId', 'category', 'from', 'to', 'actorId', 'type', 'cursor'] as const;
type Search = Partial<Record<(typeof FIELDS)[number], string>>;

const scopeOf = (search: Search): Scope =>
  SCOPES.includes(search.scope as Scope) ? (search.scope as Scope) : 'log';

/** The api's filters of a search: the form's days as Tokyo instants (`to` inclusive on the form). */
function filtersOf(search: Search) {
  return {
    ...(search.from ? { from: startOfTokyoDay(search.from) } : {}),
    ...(search.to ? { to: afterTokyoDay(search.to) } : {}),
    ...(search.actorId ? { actorId: search.actorId } : {}),
    ...(search.type ? { type: [search.type] } : {}),
  };
}

/** The application a stream id names (`application-<id>`): its as-of view is one click away. */
const applicationOf = (streamId: string): string | undefined =>
  streamId.startsWith('application-') ? streamId.slice('application-'.length) : undefined;

/**
 * 履歴の検索: the whole log, one stream or one category, by dates and actor, a page at a time (cursor in
 * the URL), and the same search as a CSV or JSON Lines download (the session cookie goes with the link).
 */
export function HistorySearch() {
  const { t } = useTranslation('audit');
  const loading = useTranslation('common').t('loading');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const search: Search = paramsOf(params, FIELDS);
  const scope = scopeOf(search);
  const ready =
    (scope !== 'stream' || Boolean(search.streamId)) && (scope !== 'category' || Boolean(search.category));
  const history = useQuery<Schemas['HistoryPageDto'], ApiError>({
    queryKey: ['history', search],
    enabled: ready,
    queryFn: async () => {
      const query = {
        ...filtersOf(search),
        limit: PAGE_SIZE,
        ...(search.cursor ? { cursor: search.cursor } : {}),
      };
      if (scope === 'stream')
        return dataOf(
          await api.GET('/history/streams/{streamId}', {
            params: { path: { streamId: search.streamId! }, query },
          }),
        );
      if (scope === 'category')
        return dataOf(
          await api.GET('/history/categories/{category}', {
            params: { path: { category: search.category! }, query },
          }),
        );
      return dataOf(await api.GET('/history', { params: { query } }));
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate(`/audit?${formParams(event.currentTarget, FIELDS)}`);
  };
  const pageAt = (cursor?: string) => {
    const next = new URLSearchParams(params);
    if (cursor === undefined) next.delete('cursor');
    else next.set('cursor', cursor);
    return `/audit?${next}`;
  };
  const columns = ['position', 'recordedAt', 'stream', 'type', 'actor', 'reason', 'asOf'] as const;

  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading" className={ui.sectionHeading}>
        {t('history.heading')}
      </h2>
      <form
        key={params.toString()}
        onSubmit={submit}
        aria-label={t('history.filters')}
        className="mb-4 flex flex-wrap items-end gap-4"
      >
        <div className="text-sm">
          <label htmlFor="history-scope" className="block">
            {t('history.scope')}
          </label>
          <select id="history-scope" name="scope" defaultValue={scope} className={ui.filterField}>
            {SCOPES.map((name) => (
              <option key={name} value={name}>
                {t(`history.scopes.${name}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="block text-sm">
          {t('history.streamId')}
          <input name="streamId" defaultValue={search.streamId} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('history.category')}
          <input name="category" defaultValue={search.category} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('history.from')}
          <input type="date" name="from" defaultValue={search.from} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('history.to')}
          <input type="date" name="to" defaultValue={search.to} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('history.actorId')}
          <input name="actorId" defaultValue={search.actorId} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('history.type')}
          <input name="type" defaultValue={search.type} className={ui.filterField} />
        </label>
        <button type="submit" className={ui.primaryButton}>
          {t('history.search')}
        </button>
      </form>
      {ready && <Exports scope={scope} search={search} />}
      {history.isFetching && <p>{loading}</p>}
      {history.isError && <ErrorAlert error={history.error} />}
      {history.isSuccess && (
        <>
          <ListTable
            caption={t('history.caption')}
            headings={columns.map((column) => t(`history.columns.${column}`))}
            children={history.data.events.map((event) => (
              <EventRow key={event.id} event={event} />
            ))}
            empty={t(history.data.nextCursor === null ? 'history.empty' : 'history.emptyPage')}
          />
          <p className="mt-3 flex gap-4">
            {search.cursor && (
              <Link to={pageAt()} className={ui.link}>
                {t('history.first')}
              </Link>
            )}
            {history.data.nextCursor !== null && (
              <Link to={pageAt(history.data.nextCursor)} className={ui.link}>
                {t('history.more')}
              </Link>
            )}
          </p>
        </>
      )}
    </section>
  );
}

function EventRow({ event }: { event: Schemas['HistoryEventDto'] }) {
  const { t } = useTranslation('audit');
  const applicationId = applicationOf(event.streamId);
  return (
    <tr className="border-b border-solid-gray-200 align-top">
      <td className="px-3 py-2 font-mono text-xs">{event.position}</td>
      <td className="px-3 py-2">
        <Instant at={event.recordedAt} />
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        {event.streamId} #{event.revision}
      </td>
      <td className="px-3 py-2">{event.type}</td>
      <td className="px-3 py-2">
        {event.metadata.actorId}（<RoleName role={event.metadata.actorRole} />）
      </td>
      <td className="px-3 py-2">{event.metadata.reason ?? ''}</td>
      <td className="px-3 py-2">
        {applicationId !== undefined && (
          <Link
            to={`/audit/as-of?${new URLSearchParams({ kind: 'application', applicationId, position: event.position })}`}
            className={ui.link}
            aria-label={`${t('history.asOfLink')}（${event.type}、${event.position}）`}
          >
            {t('history.asOfLink')}
          </Link>
        )}
      </td>
    </tr>
  );
}

/** The search's export links: GET …/export with the cookie session, an attachment the browser saves. */
function Exports({ scope, search }: { scope: Scope; search: Search }) {
  const { t } = useTranslation('audit');
  const base =
    scope === 'stream'
      ? `/history/streams/${encodeURIComponent(search.streamId!)}/export`
      : scope === 'category'
        ? `/history/categories/${encodeURIComponent(search.category!)}/export`
        : '/history/export';
  const href = (format: 'csv' | 'jsonl') => {
    const query = new URLSearchParams({ format });
    for (const [name, value] of Object.entries(filtersOf(search)))
      for (const one of Array.isArray(value) ? value : [value]) query.append(name, one);
    return `${base}?${query}`;
  };
  return (
    <div className="mb-4 text-sm">
      <p className="mb-1 font-bold">{t('history.exports')}</p>
      <ul className="flex flex-wrap gap-4">
        <li>
          <a href={href('csv')} download className={ui.link}>
            {t('history.exportCsv')}
          </a>
        </li>
        <li>
          <a href={href('jsonl')} download className={ui.link}>
            {t('history.exportJsonl')}
          </a>
        </li>
      </ul>
      <p className="mt-1 text-solid-gray-700">{t('history.recorded')}</p>
    </div>
  );
}
