import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import type { operations } from '../../api/schema.ts';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { formParams, paramsOf } from '../../components/url-params.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import type { Session } from '../../session.ts';
import { currentFiscalYear, fiscalYearLabel } from '../../format.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { trainings } from './trainings.i18n.ts';

type CourseId = NonNullable<
  NonNullable<operations['TrainingOfferingsController_list']['parameters']['query']>['courseId']
>;
const COURSES = Object.keys(trainings.ja.courses) as CourseId[];
const PAGE_SIZE = 200;
/** The filters, kept in the page's URL (`/trainings?fiscalYear=2026&institutionId=…`). */
const FILTERS = ['fiscalYear', 'courseId', 'institutionId'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
type Role = Session['role'];

/** Who reads what (the api decides; the page only leaves out what would be refused). */
const OFFERING_READERS: readonly Role[] = ['caseworker', 'approver', 'auditor'];
const COMPLETION_READERS: readonly Role[] = ['caseworker', 'approver', 'auditor', 'institution'];

function filtersOf(params: URLSearchParams, session: Session): Filters {
  const filters: Filters = paramsOf(params, FILTERS);
  // An institution reads its own staff: its id is the filter, whatever the URL says.
  return session.role === 'institution' && session.institutionId
    ? { ...filters, institutionId: session.institutionId }
    : filters;
}

/**
 * 研修: the offerings (GET /training-offerings), the completions (修了者, GET /training-completions) and an
 * institution's ③ → ② duties (GET /trainings/obligations), overdue ones marked; each offering links
 * to its sessions, participants and attendance (/trainings/offerings/:offeringId).
 */
export default function TrainingsPage() {
  const { t } = useTranslation('trainings');
  const session = useCurrentSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const filters = filtersOf(searchParams, session);
  const courseId = filters.courseId as CourseId | undefined;
  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = formParams(event.currentTarget, FILTERS);
    void navigate(params.size > 0 ? `/trainings?${params}` : '/trainings');
  };
  const readsOfferings = OFFERING_READERS.includes(session.role);
  const readsCompletions = COMPLETION_READERS.includes(session.role);

  return (
    <Layout title={t('title')} session={session}>
      {!readsCompletions && <p>{t('notForRole')}</p>}
      {readsCompletions && (
        <>
          <form
            key={searchParams.toString()}
            onSubmit={applyFilters}
            className="mb-6 flex flex-wrap items-end gap-4"
            aria-label={t('filters')}
          >
            <label className="block text-sm">
              {t('fiscalYear')}
              <input
                name="fiscalYear"
                defaultValue={filters.fiscalYear}
                inputMode="numeric"
                className={ui.filterField}
              />
            </label>
            <label className="block text-sm">
              {t('course')}
              <select name="courseId" defaultValue={courseId ?? ''} className={ui.filterField}>
                <option value="">{t('allCourses')}</option>
                {COURSES.map((course) => (
                  <option key={course} value={course}>
                    {t(`courses.${course}`)}
                  </option>
                ))}
              </select>
            </label>
            {session.role !== 'institution' && (
              <label className="block text-sm">
                {t('institutionId')}
                <input name="institutionId" defaultValue={filters.institutionId} className={ui.filterField} />
              </label>
            )}
            <button type="submit" className={ui.primaryButton}>
              {t('apply')}
            </button>
          </form>
          <Obligations filters={filters} />
          {readsOfferings && <Offerings filters={filters} courseId={courseId} />}
          <Completions filters={filters} courseId={courseId} />
        </>
      )}
    </Layout>
  );
}

/** The ③ → ② duties of one institution as of the fiscal year filtered on (else this one), overdue marked. */
function Obligations({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation('trainings');
  const loading = useTranslation('common').t('loading');
  const institutionId = filters.institutionId;
  const fiscalYear = Number(filters.fiscalYear ?? currentFiscalYear());
  const duties = useQuery<Schemas['TrainingObligationsDto'], ApiError>({
    queryKey: ['training-obligations', institutionId, fiscalYear],
    enabled: institutionId !== undefined,
    queryFn: async () =>
      dataOf(
        await api.GET('/trainings/obligations', {
          params: { query: { institutionId: institutionId!, fiscalYear } },
        }),
      ),
  });
  const columns = ['person', 'course', 'due', 'status', 'reason'] as const;
  const overdue = duties.data?.obligations.filter((o) => o.status === 'overdue').length ?? 0;
  return (
    <section aria-labelledby="obligations-heading">
      <h2 id="obligations-heading" className={ui.sectionHeading}>
        {t('obligations.heading')}
      </h2>
      {institutionId === undefined && <p>{t('obligations.needsFilter')}</p>}
      {duties.isLoading && <p>{loading}</p>}
      {duties.isError && <ErrorAlert error={duties.error} />}
      {duties.isSuccess && (
        <>
          <p className="mb-2" aria-live="polite">
            <Link
              to={`/recipient-timelines/hospital/${encodeURIComponent(duties.data.institutionId)}`}
              className={ui.link}
            >
              {t('obligations.timeline')}
            </Link>
            {overdue > 0 && (
              <span className="ml-4 font-bold text-error-2">
                {t('obligations.overdueCount', { count: overdue })}
              </span>
            )}
          </p>
          <ListTable
            caption={t('obligations.caption', {
              institution: duties.data.institutionId,
              year:
                i18n.language === 'en'
                  ? `FY${duties.data.fiscalYear}`
                  : fiscalYearLabel(duties.data.fiscalYear),
            })}
            captionVisible
            headings={columns.map((column) => t(`obligations.columns.${column}`))}
            empty={t('obligations.empty')}
          >
            {duties.data.obligations.map((duty) => (
              <tr
                key={`${duty.personId}-${duty.course}`}
                className={`border-b border-solid-gray-200 ${duty.status === 'overdue' ? 'bg-red-50' : ''}`}
              >
                <td className="px-3 py-2 font-mono text-xs">{duty.personId}</td>
                <td className="px-3 py-2">{courseName(t, duty.course)}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <FiscalYear year={duty.dueFiscalYear} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {duty.status === 'overdue' ? (
                    <span className="rounded-4 bg-error-2 px-2 py-0.5 text-xs font-bold text-white">
                      {t('obligations.status.overdue')}
                    </span>
                  ) : (
                    t('obligations.status.open')
                  )}
                </td>
                <td className="px-3 py-2">{i18n.language === 'en' ? duty.reason.en : duty.reason.ja}</td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </section>
  );
}

function Offerings({ filters, courseId }: { filters: Filters; courseId: CourseId | undefined }) {
  const { t, i18n } = useTranslation('trainings');
  const loading = useTranslation('common').t('loading');
  const offerings = useQuery<Schemas['TrainingOfferingsPageDto'], ApiError>({
    queryKey: ['training-offerings', filters],
    queryFn: async () =>
      dataOf(
        await api.GET('/training-offerings', {
          params: { query: { limit: String(PAGE_SIZE), ...filters, courseId } },
        }),
      ),
  });
  const columns = [
    'course',
    'fiscalYear',
    'firstSession',
    'sessions',
    'enrolled',
    'completed',
    'withdrawn',
    'id',
  ] as const;
  const items = offerings.data?.items ?? [];
  return (
    <section aria-labelledby="offerings-heading">
      <h2 id="offerings-heading" className={ui.sectionHeading}>
        {t('offerings.heading')}
      </h2>
      {offerings.isPending && <p>{loading}</p>}
      {offerings.isError && <ErrorAlert error={offerings.error} />}
      {offerings.isSuccess && (
        <>
          <p className="mb-2">
            {t('offerings.total', { count: offerings.data.total })}
            {offerings.data.total > items.length && t('offerings.shown', { count: items.length })}
          </p>
          <ListTable
            caption={t('offerings.caption')}
            headings={columns.map((column) => t(`offerings.columns.${column}`))}
            empty={t('offerings.empty')}
          >
            {items.map((offering) => (
              <tr key={offering.offeringId} className="border-b border-solid-gray-200">
                <td className="px-3 py-2">
                  {i18n.language === 'en' ? offering.courseName.en : offering.courseName.ja}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <FiscalYear year={offering.fiscalYear} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {offering.firstSessionOn ? <Day day={offering.firstSessionOn} /> : '—'}
                </td>
                <td className="px-3 py-2 text-right">{offering.sessionCount}</td>
                <td className="px-3 py-2 text-right">{offering.enrolledCount}</td>
                <td className="px-3 py-2 text-right">{offering.completedCount}</td>
                <td className="px-3 py-2 text-right">{offering.withdrawnCount}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  <Link
                    to={`/trainings/offerings/${encodeURIComponent(offering.offeringId)}`}
                    className={ui.link}
                  >
                    {offering.offeringId}
                  </Link>
                </td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </section>
  );
}

function Completions({ filters, courseId }: { filters: Filters; courseId: CourseId | undefined }) {
  const { t, i18n } = useTranslation('trainings');
  const loading = useTranslation('common').t('loading');
  const session = useCurrentSession();
  const completions = useQuery<Schemas['TrainingCompletionsPageDto'], ApiError>({
    queryKey: ['training-completions', filters],
    queryFn: async () =>
      dataOf(
        await api.GET('/training-completions', {
          params: { query: { limit: String(PAGE_SIZE), ...filters, courseId } },
        }),
      ),
  });
  const columns = ['completedOn', 'person', 'course', 'institution', 'offering'] as const;
  const items = completions.data?.items ?? [];
  const linksOfferings = OFFERING_READERS.includes(session.role);
  return (
    <section aria-labelledby="completions-heading">
      <h2 id="completions-heading" className={ui.sectionHeading}>
        {t('completions.heading')}
      </h2>
      {completions.isPending && <p>{loading}</p>}
      {completions.isError && <ErrorAlert error={completions.error} />}
      {completions.isSuccess && (
        <>
          <p className="mb-2">
            {t('completions.total', { count: completions.data.total })}
            {completions.data.total > items.length && t('offerings.shown', { count: items.length })}
          </p>
          <ListTable
            caption={t('completions.caption')}
            headings={columns.map((column) => t(`completions.columns.${column}`))}
            empty={t('completions.empty')}
          >
            {items.map((completion) => (
              <tr
                key={`${completion.offeringId}-${completion.personId}`}
                className="border-b border-solid-gray-200"
              >
                <td className="px-3 py-2 whitespace-nowrap">
                  <Day day={completion.completedOn} />
                </td>
                <td className="px-3 py-2 font-mono text-xs">{completion.personId}</td>
                <td className="px-3 py-2">
                  {i18n.language === 'en' ? completion.courseName.en : completion.courseName.ja}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{completion.institutionId}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {linksOfferings ? (
                    <Link
                      to={`/trainings/offerings/${encodeURIComponent(completion.offeringId)}`}
                      className={ui.link}
                    >
                      {completion.offeringId}
                    </Link>
                  ) : (
                    completion.offeringId
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </section>
  );
}

/** A course id as its name in the page's language (the id itself when the page does not know it). */
export function courseName(t: (key: `courses.${CourseId}`) => string, course: string): string {
  return (COURSES as readonly string[]).includes(course) ? t(`courses.${course as CourseId}`) : course;
}
