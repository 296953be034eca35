import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { StageName } from '../../components/CodeNames.tsx';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { FiscalYearChooser } from '../../components/FiscalYearChooser.tsx';
import { currentFiscalYear } from '../../format.ts';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { yen } from '../../format.ts';
import { Chart, type ChartOption } from '../../components/Chart.tsx';

const TABS = ['survey', 'budget', 'designation'] as const;
type Tab = (typeof TABS)[number];

/**
 * A report's JSON: the api documents each report in all its formats (json, csv, xlsx, svg), so the typed
 * answer is the report or a file's text; asked without ?format= it is the report.
 */
function jsonOf<Report>(answer: Report | string): Report {
  if (typeof answer === 'string') throw new TypeError('expected the report as JSON');
  return answer;
}

/**
 * 報告: the (ア)–(ク) survey report, 予算執行 and 指定状況 of a fiscal year, each with its chart (ECharts,
 * drawn here from the report's JSON) and its table, and the api's Excel and CSV to download. The tab, the
 * year and the programme are kept in the URL (`/reports?tab=budget&fiscalYear=2026`).
 */
export default function ReportsPage() {
  const { t } = useTranslation('reports');
  const session = useCurrentSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const tab: Tab = TABS.find((name) => name === searchParams.get('tab')) ?? 'survey';
  const fiscalYear = Number(searchParams.get('fiscalYear') ?? currentFiscalYear());
  const programId = searchParams.get('programId') ?? '';
  const linkTo = (next: Record<string, string>) => {
    const params = new URLSearchParams({ tab, fiscalYear: String(fiscalYear), ...next });
    if (!params.get('programId')) params.delete('programId');
    return `/reports?${params}`;
  };
  const choose = (form: FormData) =>
    void navigate(
      linkTo({
        fiscalYear: String(form.get('fiscalYear') ?? '').trim(),
        programId: String(form.get('programId') ?? '').trim(),
      }),
    );

  return (
    <Layout title={t('title')} session={session}>
      <FiscalYearChooser
        fiscalYear={fiscalYear}
        label={t('fiscalYear')}
        submit={t('show')}
        formKey={searchParams.toString()}
        onChoose={choose}
      >
        {tab === 'budget' && (
          <label className="block text-sm">
            {t('programId')}
            <input name="programId" defaultValue={programId} className={ui.filterField} />
          </label>
        )}
      </FiscalYearChooser>
      <nav aria-label={t('tabs')} className="mb-6 border-b border-solid-gray-200">
        <ul className="flex flex-wrap gap-1">
          {TABS.map((name) => (
            <li key={name}>
              <Link
                to={linkTo({ tab: name })}
                aria-current={tab === name ? 'page' : undefined}
                className={`block border-b-4 px-3 py-2 ${tab === name ? 'border-key-900 font-bold text-key-900' : 'border-transparent hover:bg-solid-gray-50'}`}
              >
                {t(`tab.${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {Number.isInteger(fiscalYear) ? (
        <>
          {tab === 'survey' && <SurveyReport fiscalYear={fiscalYear} />}
          {tab === 'budget' && <BudgetExecution fiscalYear={fiscalYear} programId={programId} />}
          {tab === 'designation' && <DesignationStatus fiscalYear={fiscalYear} />}
        </>
      ) : (
        <p>{t('chooseYear')}</p>
      )}
    </Layout>
  );
}

/** The api's own files of a report: Excel and CSV, fetched with the session cookie like any link. */
function Downloads({ path, query = {} }: { path: string; query?: Record<string, string> }) {
  const { t } = useTranslation('reports');
  const href = (format: 'xlsx' | 'csv') => `${path}?${new URLSearchParams({ ...query, format })}`;
  return (
    <p className="mb-4 flex flex-wrap items-center gap-3 text-sm">
      <span>{t('download')}:</span>
      {(['xlsx', 'csv'] as const).map((format) => (
        <a key={format} href={href(format)} download className={ui.secondaryButton}>
          {t(format)}
        </a>
      ))}
    </p>
  );
}

function Loading<T>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: ApiError | null; data?: T };
  children: (data: T) => React.ReactNode;
}) {
  const { t } = useTranslation('common');
  if (query.isPending) return <p>{t('loading')}</p>;
  if (query.isError && query.error) return <ErrorAlert error={query.error} />;
  return <>{children(query.data as T)}</>;
}

function SurveyReport({ fiscalYear }: { fiscalYear: number }) {
  const { t } = useTranslation('reports');
  const report = useQuery<Schemas['CollaborationSurveyReportDto'], ApiError>({
    queryKey: ['collaboration-survey-report', fiscalYear],
    queryFn: async () =>
      jsonOf(
        dataOf(
          await api.GET('/collaboration-surveys/{fiscalYear}/report', { params: { path: { fiscalYear } } }),
        ),
      ),
  });
  return (
    <section aria-labelledby="survey-heading">
      <h2 id="survey-heading" className={ui.sectionHeading}>
        {t('tab.survey')}
      </h2>
      <Loading query={report}>{(data) => <SurveyFigures report={data} />}</Loading>
    </section>
  );
}

function SurveyFigures({ report }: { report: Schemas['CollaborationSurveyReportDto'] }) {
  const { t } = useTranslation('reports');
  const referenceDate = String(report.basis['referenceDate'] ?? '');
  const option = useMemo<ChartOption>(() => {
    const names = report.rows.map((row) => `${row.item} ${row.labels.at(-1) ?? ''}`);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        data: names,
        inverse: true,
        axisLabel: { width: 260, overflow: 'truncate' },
      },
      series: [
        {
          name: t('survey.thisYear'),
          type: 'bar',
          data: report.rows.map((row) => row.current.sharePercent),
        },
        ...(report.previousN === null
          ? []
          : [
              {
                name: t('survey.lastYear'),
                type: 'bar' as const,
                data: report.rows.map((row) => row.previous?.sharePercent ?? null),
              },
            ]),
      ],
    };
  }, [report, t]);
  const columns = ['item', 'content', 'count', 'share', 'previous', 'change'] as const;
  return (
    <>
      <p className="mb-2">{report.title}</p>
      <p className="mb-4">
        {t('survey.summary', { n: report.n, answered: report.answered })}
        {referenceDate && (
          <>
            {' '}
            （{t('survey.referenceDate')} <Day day={referenceDate} />）
          </>
        )}
      </p>
      <Downloads path={`/collaboration-surveys/${report.fiscalYear}/report`} />
      <Chart option={option} label={t('survey.chart')} height={Math.max(360, report.rows.length * 28)} />
      <div className="overflow-x-auto">
        <table className={ui.table}>
          <caption className="sr-only">{t('survey.caption')}</caption>
          <thead className="bg-solid-gray-50">
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col" className={ui.th}>
                  {t(`survey.columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.questionId}>
                <td className={ui.td}>{row.item}</td>
                <td className={ui.td}>{row.labels.join(' › ')}</td>
                <td className={`${ui.td} text-right`}>{row.current.count}</td>
                <td className={`${ui.td} text-right`}>{row.current.shareText}</td>
                <td className={`${ui.td} text-right`}>{row.previous?.shareText ?? ''}</td>
                <td className={`${ui.td} text-right`}>{row.changeText}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function BudgetExecution({ fiscalYear, programId }: { fiscalYear: number; programId: string }) {
  const { t } = useTranslation('reports');
  const query = { fiscalYear: String(fiscalYear), ...(programId ? { programId } : {}) };
  const report = useQuery<Schemas['BudgetExecutionReportDto'], ApiError>({
    queryKey: ['budget-execution', query],
    queryFn: async () => jsonOf(dataOf(await api.GET('/reports/budget-execution', { params: { query } }))),
  });
  const cases = useQuery<Schemas['BudgetExecutionCasesReportDto'], ApiError>({
    queryKey: ['budget-execution-cases', query],
    queryFn: async () =>
      jsonOf(dataOf(await api.GET('/reports/budget-execution/cases', { params: { query } }))),
  });
  return (
    <section aria-labelledby="budget-heading">
      <h2 id="budget-heading" className={ui.sectionHeading}>
        {t('tab.budget')}
      </h2>
      <Loading query={report}>
        {(data) => (
          <>
            <Downloads path="/reports/budget-execution" query={query} />
            <BudgetFigures report={data} />
          </>
        )}
      </Loading>
      <h3 className="mb-3 mt-8 text-lg font-bold">{t('budget.casesHeading')}</h3>
      <Loading query={cases}>
        {(data) => (
          <>
            <Downloads path="/reports/budget-execution/cases" query={query} />
            <BudgetCases report={data} />
          </>
        )}
      </Loading>
    </section>
  );
}

function BudgetFigures({ report }: { report: Schemas['BudgetExecutionReportDto'] }) {
  const { t } = useTranslation('reports');
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: report.lines.map((line) => line.programName) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => value.toLocaleString('ja-JP') } },
      series: [
        { name: t('budget.series.budget'), type: 'bar', data: report.lines.map((l) => l.budgetAmount ?? 0) },
        { name: t('budget.series.decided'), type: 'bar', data: report.lines.map((l) => l.decidedAmount) },
        { name: t('budget.series.paid'), type: 'bar', data: report.lines.map((l) => l.paidAmount) },
      ],
    }),
    [report, t],
  );
  const columns = [
    'program',
    'budget',
    'initialDecided',
    'change',
    'decided',
    'remaining',
    'paid',
    'confirmed',
    'refunded',
    'cases',
  ] as const;
  const amount = (value: number | null) => (value === null ? '—' : yen(value));
  return (
    <>
      <Chart option={option} label={t('budget.chart')} height={360} />
      <div className="overflow-x-auto">
        <table className={ui.table}>
          <caption className="sr-only">{t('budget.caption')}</caption>
          <thead className="bg-solid-gray-50">
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col" className={ui.th}>
                  {t(`budget.columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.lines.map((line) => (
              <tr key={`${line.programId}/${line.fiscalYear}`}>
                <td className={ui.td}>
                  {line.programName}
                  <br />
                  <span className="text-solid-gray-700">
                    <FiscalYear year={line.fiscalYear} />
                  </span>
                </td>
                {[
                  line.budgetAmount,
                  line.initialDecidedAmount,
                  line.changeAmount,
                  line.decidedAmount,
                  line.remainingAmount,
                  line.paidAmount,
                  line.confirmedAmount,
                  line.refundedAmount,
                ].map((value, i) => (
                  <td key={i} className={`${ui.td} text-right whitespace-nowrap`}>
                    {amount(value)}
                  </td>
                ))}
                <td className={`${ui.td} text-right`}>{line.cases}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function BudgetCases({ report }: { report: Schemas['BudgetExecutionCasesReportDto'] }) {
  const { t } = useTranslation('reports');
  const columns = ['id', 'municipality', 'stage', 'requested', 'decided', 'paid'] as const;
  return (
    <div className="overflow-x-auto">
      <table className={ui.table}>
        <caption className="sr-only">{t('budget.casesCaption')}</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={ui.th}>
                {t(`budget.caseColumns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.cases.map((line) => (
            <tr key={line.applicationId}>
              <td className={`${ui.td} font-mono text-xs`}>
                <Link to={`/cases/${encodeURIComponent(line.applicationId)}`} className={ui.link}>
                  {line.applicationId}
                </Link>
              </td>
              <td className={ui.td}>{line.municipalityName}</td>
              <td className={ui.td}>
                <StageName stage={line.stage} />
              </td>
              <td className={`${ui.td} text-right whitespace-nowrap`}>
                {line.requestedAmount === null ? '—' : yen(line.requestedAmount)}
              </td>
              <td className={`${ui.td} text-right whitespace-nowrap`}>{yen(line.decidedAmount)}</td>
              <td className={`${ui.td} text-right whitespace-nowrap`}>{yen(line.paidAmount)}</td>
            </tr>
          ))}
          {report.cases.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center">
                {t('budget.noCases')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function DesignationStatus({ fiscalYear }: { fiscalYear: number }) {
  const { t } = useTranslation('reports');
  const report = useQuery<Schemas['DesignationStatusReportDto'], ApiError>({
    queryKey: ['designation-status', fiscalYear],
    queryFn: async () =>
      jsonOf(
        dataOf(
          await api.GET('/reports/designation-status/{fiscalYear}', { params: { path: { fiscalYear } } }),
        ),
      ),
  });
  return (
    <section aria-labelledby="designation-heading">
      <h2 id="designation-heading" className={ui.sectionHeading}>
        {t('tab.designation')}
      </h2>
      <Loading query={report}>
        {(data) => (
          <>
            <Downloads path={`/reports/designation-status/${fiscalYear}`} />
            <DesignationFigures report={data} />
          </>
        )}
      </Loading>
    </section>
  );
}

function DesignationFigures({ report }: { report: Schemas['DesignationStatusReportDto'] }) {
  const { t } = useTranslation('reports');
  const designated = useMemo(
    () => report.municipalities.filter((m) => m.designatedInstitutions > 0),
    [report],
  );
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: designated.map((m) => m.name) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('designation.institutions'),
          type: 'bar',
          data: designated.map((m) => m.designatedInstitutions),
        },
      ],
    }),
    [designated, t],
  );
  const hub = report.hubSurvey;
  const hubOption = useMemo<ChartOption | null>(
    () =>
      hub && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: hub.items.map((item) => String(item.item)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('designation.done'), type: 'bar', stack: 'hub', data: hub.items.map((i) => i.done) },
          {
            name: t('designation.planned'),
            type: 'bar',
            stack: 'hub',
            data: hub.items.map((i) => i.planned),
          },
        ],
      },
    [hub, t],
  );
  const { status } = report;
  return (
    <>
      <p className="mb-4 text-lg font-bold">
        {t('designation.statusLine', {
          municipalities: status.municipalitiesWithDesignations,
          institutions: status.designatedInstitutions,
          adjustment: status.municipalitiesInAdjustment,
        })}
      </p>
      <Chart option={option} label={t('designation.chart')} height={300} />
      <div className="overflow-x-auto">
        <table className={ui.table}>
          <caption className="sr-only">{t('designation.caption')}</caption>
          <thead className="bg-solid-gray-50">
            <tr>
              {(['code', 'name', 'status', 'institutions'] as const).map((column) => (
                <th key={column} scope="col" className={ui.th}>
                  {t(`designation.columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.municipalities.map((m) => (
              <tr key={m.municipalityCode} className={m.status === '調整中' ? 'bg-solid-gray-50' : ''}>
                <td className={ui.td}>{m.municipalityCode}</td>
                <td className={ui.td}>{m.name}</td>
                <td className={ui.td}>
                  {m.status === '指定済' ? t('designation.designated') : t('designation.inAdjustment')}
                </td>
                <td className={`${ui.td} text-right`}>{m.designatedInstitutions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="mb-3 mt-8 text-lg font-bold">
        {hub
          ? t('designation.hubCaption', { answered: hub.answered, surveyed: hub.surveyed })
          : t('designation.noHubSurvey')}
      </h3>
      {hub && hubOption && (
        <>
          <Chart option={hubOption} label={t('designation.hubChart')} height={280} />
          <table className={ui.table}>
            <caption className="sr-only">
              {t('designation.hubCaption', { answered: hub.answered, surveyed: hub.surveyed })}
            </caption>
            <thead className="bg-solid-gray-50">
              <tr>
                <th scope="col" className={ui.th}>
                  {t('designation.columns.item')}
                </th>
                <th scope="col" className={ui.th}>
                  {t('designation.done')}
                </th>
                <th scope="col" className={ui.th}>
                  {t('designation.planned')}
                </th>
              </tr>
            </thead>
            <tbody>
              {hub.items.map((item) => (
                <tr key={item.item}>
                  <td className={ui.td}>
                    {item.item}. {item.label}
                  </td>
                  <td className={`${ui.td} text-right`}>{item.done}</td>
                  <td className={`${ui.td} text-right`}>{item.planned}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {report.publications.length > 0 && (
        <>
          <h3 className="mb-3 mt-8 text-lg font-bold">{t('designation.publications')}</h3>
          <ul className="list-disc pl-6">
            {report.publications.map((p) => (
              <li key={p.version}>
                {t('designation.publication', { version: p.version })}（{t('designation.publishedOn')}{' '}
                <Day day={p.publishedOn} />
                ）：{' '}
                <a href={p.links.html} className={ui.link}>
                  HTML
                </a>{' '}
                <a href={p.links.csv} className={ui.link}>
                  CSV
                </a>{' '}
                <a href={p.links.json} className={ui.link}>
                  JSON
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
