import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import type { operations } from '../../api/schema.ts';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { fiscalYearLabel, yen } from '../../format.ts';
import { NotFoundPage } from '../not-found/NotFoundPage.tsx';
import { Chart, type ChartOption } from '../../components/Chart.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { percentOf, yearRowOf, type YearRow } from './timeline-rows.ts';
import { recipientTimeline } from './recipient-timeline.i18n.ts';

type Kind = operations['RecipientTimelinesController_timeline']['parameters']['path']['kind'];
type Timeline = Schemas['RecipientTimelineDto'];
const KINDS = Object.keys(recipientTimeline.ja.kinds) as Kind[];

/**
 * 受給者タイムライン: a recipient's years per programme (GET /recipients/:kind/:id/timeline) as a chart —
 * fiscal years across, amounts decided, confirmed and paid, the rate in force (10/10 → 1/2), years with
 * ② duties shaded — and the same as a table under it.
 */
export default function RecipientTimelinePage() {
  const { t } = useTranslation('recipientTimeline');
  const loading = useTranslation('common').t('loading');
  const session = useCurrentSession();
  const { kind = '', recipientId = '' } = useParams();
  const validKind = (KINDS as readonly string[]).includes(kind);
  const timelines = useQuery<Schemas['RecipientTimelinesDto'], ApiError>({
    queryKey: ['recipient-timeline', kind, recipientId],
    enabled: validKind,
    queryFn: async () =>
      dataOf(
        await api.GET('/recipients/{kind}/{id}/timeline', {
          params: { path: { kind: kind as Kind, id: recipientId } },
        }),
      ),
  });
  if (!validKind || (timelines.isError && [400, 404].includes(timelines.error.status))) {
    return <NotFoundPage />;
  }
  return (
    <Layout title={t('title')} session={session}>
      <p className="mb-4 text-lg">
        {t('recipient', { id: recipientId, kind: t(`kinds.${kind as Kind}`) })}
        {['caseworker', 'approver', 'auditor', 'institution'].includes(session.role) && (
          <Link
            to={`/trainings?institutionId=${encodeURIComponent(recipientId)}`}
            className={`ml-4 text-base ${ui.link}`}
          >
            {t('back')}
          </Link>
        )}
      </p>
      {timelines.isPending && <p>{loading}</p>}
      {timelines.isError && <ErrorAlert error={timelines.error} />}
      {timelines.data?.timelines.map((timeline) => (
        <ProgramTimeline key={timeline.programId} timeline={timeline} />
      ))}
    </Layout>
  );
}

function ProgramTimeline({ timeline }: { timeline: Timeline }) {
  const { t, i18n } = useTranslation('recipientTimeline');
  const english = i18n.language === 'en';
  const rows = useMemo(() => timeline.timeline.years.map(yearRowOf), [timeline]);
  const next = timeline.timeline.nextAction;
  const option = useMemo<ChartOption>(() => {
    const category = (row: YearRow) =>
      `${english ? `FY${row.year.fiscalYear}` : fiscalYearLabel(row.year.fiscalYear)}${
        row.programYear === undefined ? '' : `\n${t('programYear', { year: row.programYear })}`
      }`;
    const categories = rows.map(category);
    const dutyYears = rows.filter((row) => row.year.obligations.length > 0);
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 100, right: 60, top: 40, bottom: 50 },
      xAxis: { type: 'category', data: categories },
      yAxis: [
        {
          type: 'value',
          name: english ? 'yen' : '円',
          min: 0,
          minInterval: 1_000, // whole thousands of yen: no 0.2円 ticks on an empty year
          axisLabel: { formatter: (v: number) => yen(v) },
        },
        { type: 'value', name: t('series.rate'), min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        {
          name: t('series.granted'),
          type: 'bar',
          data: rows.map((row) => row.granted),
          markArea: {
            itemStyle: { color: 'rgba(236, 0, 0, 0.08)' },
            data: dutyYears.map((row) => [
              { name: t('series.obligations'), xAxis: category(row) },
              { xAxis: category(row) },
            ]),
          },
        },
        { name: t('series.confirmed'), type: 'bar', data: rows.map((row) => row.confirmed) },
        { name: t('series.paid'), type: 'bar', data: rows.map((row) => row.paid) },
        {
          name: t('series.rate'),
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((row) => percentOf(row.rates[0])),
          label: { show: true, formatter: ({ dataIndex }) => rows[dataIndex]?.rates[0] ?? '' },
        },
      ],
    };
  }, [rows, english, t]);
  const columns = [
    'fiscalYear',
    'programYear',
    'rate',
    'granted',
    'confirmed',
    'paid',
    'window',
    'training',
    'obligations',
    'next',
  ] as const;
  return (
    <section aria-labelledby={`program-${timeline.programId}`} className="mb-10">
      <h2 id={`program-${timeline.programId}`} className={ui.sectionHeading}>
        {t('program', { program: timeline.programId })}
      </h2>
      {next && (
        <p className="mb-2">
          {t('nextAction', { label: english ? next.label.en : next.label.ja })}
          {next.dueDate && (
            <>
              {english ? ' (due ' : '（期限 '}
              <Day day={next.dueDate} />
              {english ? ')' : '）'}
            </>
          )}
        </p>
      )}
      <Chart option={option} label={t('chartLabel', { program: timeline.programId })} />
      <ListTable
        caption={t('caption', { program: timeline.programId })}
        headings={columns.map((column) => t(`columns.${column}`))}
        empty="—"
      >
        {rows.map((row) => (
          <YearTableRow key={row.year.fiscalYear} row={row} />
        ))}
      </ListTable>
      {(timeline.timeline.grantsEnded ?? []).map((ended) => (
        <p key={`${ended.menuId ?? ''}-${ended.lastFiscalYear}`} className="mt-2 text-sm">
          {t('grantsEnded', {
            year: english ? `FY${ended.lastFiscalYear}` : fiscalYearLabel(ended.lastFiscalYear),
            reason: ended.reason,
          })}
        </p>
      ))}
    </section>
  );
}

function YearTableRow({ row }: { row: YearRow }) {
  const { t, i18n } = useTranslation('recipientTimeline');
  const english = i18n.language === 'en';
  const { year } = row;
  const overdue = year.obligations.some((o) => o.status === 'overdue');
  return (
    <tr className={`border-b border-solid-gray-200 align-top ${overdue ? 'bg-red-50' : ''}`}>
      <th scope="row" className="px-3 py-2 text-left font-normal whitespace-nowrap">
        <FiscalYear year={year.fiscalYear} />
      </th>
      <td className="px-3 py-2 whitespace-nowrap">
        {row.programYear === undefined ? '—' : t('programYear', { year: row.programYear })}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        {row.rates.length ? row.rates.join('・') : '—'}
        {row.previousRate && (
          <span className="text-sm text-solid-gray-700">
            {t('rateChanged', { previous: row.previousRate })}
          </span>
        )}
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap">
        {row.granted === null ? '—' : yen(row.granted)}
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap">
        {row.confirmed === null ? '—' : yen(row.confirmed)}
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap">{yen(row.paid)}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        {row.window ? (
          <>
            <Day day={row.window.opens} />〜<Day day={row.window.closes} />
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="px-3 py-2">
        {year.trainingCompletions.length ? t('completions', { count: year.trainingCompletions.length }) : '—'}
      </td>
      <td className="px-3 py-2">
        {year.obligations.length === 0
          ? '—'
          : year.obligations.map((o) => (
              <p key={`${o.personId}-${o.course}`}>
                {o.status === 'overdue' ? (
                  <span className="mr-1 rounded-4 bg-error-2 px-2 py-0.5 text-xs font-bold text-white">
                    {t('overdue')}
                  </span>
                ) : (
                  <span className="mr-1">{t('open')}</span>
                )}
                {english ? o.reason.en : o.reason.ja}
              </p>
            ))}
      </td>
      <td className="px-3 py-2">
        {year.nextAction ? (english ? year.nextAction.label.en : year.nextAction.label.ja) : '—'}
      </td>
    </tr>
  );
}
