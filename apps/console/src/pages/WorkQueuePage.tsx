import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, dataOf, type ApiError, type Schemas } from '../api/client.ts';
import type { operations } from '../api/schema.ts';
import { gregorianDate, isOverdue, japaneseDate, tokyoToday, yen } from '../format.ts';
import { ROLE_LABELS, STAGE_LABELS } from '../labels.ts';
import { navigate, type Session } from '../session.ts';
import { Layout } from './Layout.tsx';

type Case = Schemas['CaseSummaryDto'];
type Stage = NonNullable<
  NonNullable<operations['WorkQueueController_queue']['parameters']['query']>['stage']
>[number];
const PAGE_SIZE = 200;
/** The filters, kept in the page's URL (`/?fiscalYear=2026&programId=…`): a filtered list can be shared. */
const FILTERS = ['fiscalYear', 'programId', 'municipalityCode', 'stage'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  return Object.fromEntries(FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : [])));
}

/** A calendar day in 和暦, the 西暦 on hover. */
function Day({ day }: { day: string }) {
  return (
    <time dateTime={day} title={gregorianDate(day)}>
      {japaneseDate(day)}
    </time>
  );
}

/** 年度 as the 和暦 year of its 1 April: 2026 → 令和8年度. */
function fiscalYearLabel(year: number): string {
  return `${japaneseDate(`${year}-04-01`).replace(/\d+月\d+日$/, '')}度`;
}

/**
 * 作業一覧: the open cases by next action and due date, overdue first (GET /work-queue answers soonest
 * due first, undated last; what is due before today in Tokyo is overdue and marked).
 */
export function WorkQueuePage({ session, search }: { session: Session; search: string }) {
  const today = tokyoToday();
  const filters = filtersOf(search);
  const queue = useQuery<Schemas['WorkQueuePageDto'], ApiError>({
    queryKey: ['work-queue', filters],
    queryFn: async () =>
      dataOf(
        await api.GET('/work-queue', {
          params: {
            query: {
              limit: String(PAGE_SIZE),
              ...filters,
              stage: filters.stage ? [filters.stage as Stage] : undefined,
            },
          },
        }),
      ),
  });
  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (value !== '') params.set(name, value);
    }
    navigate(params.size > 0 ? `/?${params}` : '/');
  };
  const items = queue.data?.items ?? [];
  const overdue = items.filter((item) => isOverdue(item.dueDate, today)).length;

  return (
    <Layout title="作業一覧" session={session}>
      <form onSubmit={applyFilters} className="mb-6 flex flex-wrap items-end gap-4" aria-label="絞り込み">
        <label className="block text-sm">
          年度（西暦）
          <input name="fiscalYear" defaultValue={filters.fiscalYear} inputMode="numeric" className={filter} />
        </label>
        <label className="block text-sm">
          事業ID
          <input name="programId" defaultValue={filters.programId} className={filter} />
        </label>
        <label className="block text-sm">
          団体コード
          <input
            name="municipalityCode"
            defaultValue={filters.municipalityCode}
            inputMode="numeric"
            className={filter}
          />
        </label>
        <label className="block text-sm">
          段階
          <select name="stage" defaultValue={filters.stage ?? ''} className={filter}>
            <option value="">すべて</option>
            {Object.entries(STAGE_LABELS).map(([stage, label]) => (
              <option key={stage} value={stage}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="rounded-8 bg-key-900 px-4 py-2 font-bold text-white hover:bg-key-1000"
        >
          絞り込む
        </button>
      </form>
      {queue.isPending && <p>読み込み中…</p>}
      {queue.isError && (
        <p role="alert" className="text-error-2">
          {queue.error.message}
        </p>
      )}
      {queue.isSuccess && (
        <>
          <p className="mb-4" aria-live="polite">
            未完了の案件 {queue.data.total.toLocaleString('ja-JP')}件
            {overdue > 0 && <span className="ml-2 font-bold text-error-2">うち期限超過 {overdue}件</span>}
            {queue.data.total > items.length && `（先頭の${items.length}件を表示）`}
          </p>
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm">
              <caption className="sr-only">作業一覧（期限の近い順、期限超過が先頭）</caption>
              <thead className="bg-solid-gray-50">
                <tr>
                  {['期限', '次の作業', '担当', '段階', '事業・年度', '団体コード', '申請額', '案件番号'].map(
                    (heading) => (
                      <th
                        key={heading}
                        scope="col"
                        className="border-b-2 border-solid-gray-600 px-3 py-2 whitespace-nowrap"
                      >
                        {heading}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <Row key={item.applicationId} item={item} overdue={isOverdue(item.dueDate, today)} />
                ))}
                {items.length === 0 && (
                  <tr>
                    <td colSpan={8} className="px-3 py-6 text-center">
                      未完了の案件はありません
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Layout>
  );
}

const filter = 'mt-1 block rounded-8 border border-solid-gray-600 px-3 py-2';

function Row({ item, overdue }: { item: Case; overdue: boolean }) {
  const next = item.nextAction;
  return (
    <tr className={`border-b border-solid-gray-200 ${overdue ? 'bg-red-50' : ''}`}>
      <td className="px-3 py-2 whitespace-nowrap">
        {item.dueDate ? <Day day={item.dueDate} /> : '—'}
        {overdue && (
          <span className="ml-2 rounded-4 bg-error-2 px-2 py-0.5 text-xs font-bold text-white">期限超過</span>
        )}
      </td>
      <td className="px-3 py-2">{next ? next.label.ja : '—'}</td>
      <td className="px-3 py-2">
        {next ? next.by.map((role) => ROLE_LABELS[role] ?? role).join('・') : '—'}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">{STAGE_LABELS[item.stage] ?? item.stage}</td>
      <td className="px-3 py-2">
        {item.programId}
        <br />
        <span className="text-solid-gray-700">{fiscalYearLabel(item.fiscalYear)}</span>
      </td>
      <td className="px-3 py-2">{item.recipient.municipalityCode}</td>
      <td className="px-3 py-2 text-right whitespace-nowrap">
        {item.amounts.requested === null ? '—' : yen(item.amounts.requested)}
      </td>
      <td className="px-3 py-2 font-mono text-xs">{item.applicationId}</td>
    </tr>
  );
}
