import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import type { operations } from '../../api/schema.ts';
import { Day } from '../../components/Day.tsx';
import { StageName, useCodeNames } from '../../components/CodeNames.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { formParams, paramsOf } from '../../components/url-params.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { isOverdue, parseFiscalYear, tokyoToday, yen } from '../../format.ts';
import { common } from '../../i18n/common.i18n.ts';
import { NewApplicationLink } from '../case/NewApplicationLink.tsx';

type Case = Schemas['CaseSummaryDto'];
type Stage = NonNullable<
  NonNullable<operations['WorkQueueController_queue']['parameters']['query']>['stage']
>[number];
const STAGES = Object.keys(common.ja.stage) as Stage[];
const PAGE_SIZE = 200;
/** The filters, kept in the page's URL (`/?fiscalYear=2026&programId=…`): a filtered list can be shared. */
const FILTERS = ['fiscalYear', 'programId', 'municipalityCode', 'stage'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/**
 * 作業一覧: the open cases by next action and due date, overdue first (GET /work-queue answers soonest
 * due first, undated last; what is due before today in Tokyo is overdue and marked), the counts per stage.
 */
export function WorkQueuePage() {
  const { t } = useTranslation('workQueue');
  const codeNames = { loading: useTranslation('common').t('loading') };
  const session = useCurrentSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const today = tokyoToday();
  const filters: Filters = paramsOf(searchParams, FILTERS);
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
  const [yearProblem, setYearProblem] = useState<string | null>(null);
  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = formParams(event.currentTarget, FILTERS);
    // 年度 as the office writes it (2026, 令和8年度, R8…), kept in the URL in 西暦.
    const written = params.get('fiscalYear');
    if (written !== null) {
      const year = parseFiscalYear(written);
      if (year === undefined) {
        setYearProblem(t('fiscalYearInvalid', { value: written }));
        return;
      }
      params.set('fiscalYear', String(year));
    }
    setYearProblem(null);
    void navigate(params.size > 0 ? `/?${params}` : '/');
  };
  const items = queue.data?.items ?? [];
  const overdue = items.filter((item) => isOverdue(item.dueDate, today)).length;
  const columns = ['due', 'next', 'by', 'stage', 'program', 'municipality', 'requested', 'id'] as const;

  return (
    <Layout title={t('title')} session={session}>
      <NewApplicationLink />
      <form
        key={searchParams.toString()}
        onSubmit={applyFilters}
        className="mb-6 flex flex-wrap items-end gap-4"
        aria-label={t('filters')}
      >
        <div className="text-sm">
          <label className="block">
            {t('fiscalYear')}
            <input
              name="fiscalYear"
              defaultValue={filters.fiscalYear}
              placeholder={t('fiscalYearExample')}
              aria-invalid={yearProblem !== null}
              aria-describedby={yearProblem !== null ? 'fiscal-year-problem' : undefined}
              className={ui.filterField}
            />
          </label>
          {yearProblem !== null && (
            <p id="fiscal-year-problem" role="alert" className="mt-1 text-error-2">
              {yearProblem}
            </p>
          )}
          {yearProblem === null && filters.fiscalYear !== undefined && /^\d{4}$/.test(filters.fiscalYear) && (
            <p className="mt-1 text-solid-gray-700">
              <FiscalYear year={Number(filters.fiscalYear)} />
            </p>
          )}
        </div>
        <label className="block text-sm">
          {t('programId')}
          <input name="programId" defaultValue={filters.programId} className={ui.filterField} />
        </label>
        <label className="block text-sm">
          {t('municipalityCode')}
          <input
            name="municipalityCode"
            defaultValue={filters.municipalityCode}
            inputMode="numeric"
            className={ui.filterField}
          />
        </label>
        <label className="block text-sm">
          {t('stage')}
          <select name="stage" defaultValue={filters.stage ?? ''} className={ui.filterField}>
            <option value="">{t('allStages')}</option>
            {STAGES.map((stage) => (
              <option key={stage} value={stage}>
                <StageName stage={stage} />
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={ui.primaryButton}>
          {t('apply')}
        </button>
      </form>
      {queue.isPending && <p>{codeNames.loading}</p>}
      {queue.isError && <ErrorAlert error={queue.error} />}
      {queue.isSuccess && (
        <>
          <p className="mb-4" aria-live="polite">
            {t('total', { count: queue.data.total })}
            {overdue > 0 && (
              <span className="ml-2 font-bold text-error-2">{t('overdueCount', { count: overdue })}</span>
            )}
            {queue.data.total > items.length && t('shown', { count: items.length })}
          </p>
          <StageCounts counts={queue.data.countsByStage} filters={filters} />
          <ListTable
            caption={t('caption')}
            headings={columns.map((column) => t(`columns.${column}`))}
            empty={t('empty')}
          >
            {items.map((item) => (
              <Row key={item.applicationId} item={item} overdue={isOverdue(item.dueDate, today)} />
            ))}
          </ListTable>
        </>
      )}
    </Layout>
  );
}

/** The open cases per stage under the current filters; each count links to the list of that stage. */
function StageCounts({ counts, filters }: { counts: Record<string, number>; filters: Filters }) {
  const { t } = useTranslation('workQueue');
  const stages = STAGES.filter((stage) => (counts[stage] ?? 0) > 0);
  if (stages.length === 0) return null;
  const linkTo = (stage: Stage) => `/?${new URLSearchParams({ ...filters, stage })}`;
  return (
    <section aria-label={t('perStage')} className="mb-4">
      <ul className="flex flex-wrap gap-2 text-sm">
        {stages.map((stage) => (
          <li key={stage}>
            <Link
              to={linkTo(stage)}
              aria-current={filters.stage === stage ? 'true' : undefined}
              className={`block rounded-8 border px-3 py-1 ${filters.stage === stage ? 'border-key-900 bg-key-50 font-bold' : 'border-solid-gray-420 hover:bg-solid-gray-50'}`}
            >
              <StageName stage={stage} /> {counts[stage]}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Row({ item, overdue }: { item: Case; overdue: boolean }) {
  const { t, i18n } = useTranslation('workQueue');
  const names = useCodeNames();
  const next = item.nextAction;
  return (
    <tr className={`border-b border-solid-gray-200 ${overdue ? 'bg-red-50' : ''}`}>
      <td className="px-3 py-2 whitespace-nowrap">
        {item.dueDate ? <Day day={item.dueDate} /> : '—'}
        {overdue && (
          <span className="ml-2 rounded-4 bg-error-2 px-2 py-0.5 text-xs font-bold text-white">
            {t('overdue')}
          </span>
        )}
      </td>
      <td className="px-3 py-2">{next ? (i18n.language === 'en' ? next.label.en : next.label.ja) : '—'}</td>
      <td className="px-3 py-2">{next ? next.by.map(names.role).join('・') : '—'}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        <StageName stage={item.stage} />
      </td>
      <td className="px-3 py-2">
        {item.programId}
        <br />
        <span className="text-solid-gray-700">
          <FiscalYear year={item.fiscalYear} />
        </span>
      </td>
      <td className="px-3 py-2">{item.recipient.municipalityCode}</td>
      <td className="px-3 py-2 text-right whitespace-nowrap">
        {item.amounts.requested === null ? '—' : yen(item.amounts.requested)}
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        <Link to={`/cases/${encodeURIComponent(item.applicationId)}`} className={ui.link}>
          {item.applicationId}
        </Link>
      </td>
    </tr>
  );
}
