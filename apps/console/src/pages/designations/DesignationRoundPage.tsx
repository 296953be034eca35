import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { currentFiscalYear } from '../../format.ts';
import type { Session } from '../../session.ts';
import { CommandButton, ReasonCommand } from './CommandButton.tsx';
import { RecommendForm } from './RecommendForm.tsx';
import { RoundTable } from './RoundTable.tsx';
import { FollowUpSurveys, HubSurveyTally, Publications } from './RoundSections.tsx';
import { may } from './roles.ts';

type Round = Schemas['DesignationRoundDto'];
type Recommendation = Round['recommendations'][number];
/**
 * 指定: a fiscal year's recommendation round (`/designations/:fiscalYear`; `/designations` is this
 * fiscal year's): its calendar and the 2月末 deadline, the status (指定のある自治体 / 指定医療機関 / 調整中),
 * the recommendations by municipality with late ones marked, and for the roles the api allows the
 * commands: recommend, acknowledge, designate, publish, survey. Published versions to download.
 */
export default function DesignationRoundPage() {
  const { t } = useTranslation('designations');
  const loading = useTranslation('common').t('loading');
  const session = useCurrentSession();
  const params = useParams();
  const fiscalYear = params.fiscalYear ? Number(params.fiscalYear) : currentFiscalYear();
  const round = useQuery<Round, ApiError>({
    queryKey: ['designation-round', fiscalYear],
    queryFn: async () =>
      dataOf(await api.GET('/designation-rounds/{fiscalYear}', { params: { path: { fiscalYear } } })),
    retry: false,
  });
  return (
    <Layout title={t('title')} session={session}>
      <YearChooser fiscalYear={fiscalYear} />
      <h2 className="mb-4 text-2xl font-bold">
        <FiscalYear year={fiscalYear} />
      </h2>
      {round.isPending && <p>{loading}</p>}
      {round.isError &&
        (round.error.status === 404 ? (
          <NotOpened fiscalYear={fiscalYear} session={session} />
        ) : (
          <ErrorAlert error={round.error} />
        ))}
      {round.isSuccess && <RoundView round={round.data} session={session} />}
    </Layout>
  );
}

function YearChooser({ fiscalYear }: { fiscalYear: number }) {
  const { t } = useTranslation('designations');
  const navigate = useNavigate();
  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const year = String(new FormData(event.currentTarget).get('fiscalYear') ?? '').trim();
    if (/^\d{4}$/.test(year)) void navigate(`/designations/${year}`);
  };
  return (
    <form
      key={fiscalYear}
      onSubmit={choose}
      aria-label={t('chooser')}
      className="mb-6 flex flex-wrap items-end gap-4"
    >
      <label className="block text-sm">
        {t('fiscalYear')}
        <input
          name="fiscalYear"
          defaultValue={fiscalYear}
          inputMode="numeric"
          pattern="\d{4}"
          className={ui.filterField}
        />
      </label>
      <button type="submit" className={ui.secondaryButton}>
        {t('show')}
      </button>
    </form>
  );
}

function NotOpened({ fiscalYear, session }: { fiscalYear: number; session: Session }) {
  const { t } = useTranslation('designations');
  return (
    <div>
      <p className="mb-4">{t('notOpened')}</p>
      {may(session, 'open') && (
        <CommandButton
          fiscalYear={fiscalYear}
          label={t('openRound')}
          send={(init) => api.POST('/designation-rounds', { body: { fiscalYear }, ...init })}
        />
      )}
    </div>
  );
}

function RoundView({ round, session }: { round: Round; session: Session }) {
  const { t } = useTranslation('designations');
  const names = new Map(round.municipalities.map((m) => [m.municipalityCode, m.name]));
  const nameOf = (code: string) => names.get(code) ?? code;
  return (
    <>
      <Calendar round={round} />
      <Status round={round} session={session} nameOf={nameOf} />
      <section aria-labelledby="recommendations-heading">
        <h2 id="recommendations-heading" className={ui.sectionHeading}>
          {t('recommendations')}
        </h2>
        <Recommendations round={round} session={session} nameOf={nameOf} />
        {may(session, 'recommend') && <RecommendForm round={round} session={session} />}
      </section>
      {(may(session, 'designate') || may(session, 'publish')) && <StaffActions round={round} />}
      <Publications round={round} session={session} />
      <FollowUpSurveys round={round} session={session} />
      {may(session, 'readTally') && <HubSurveyTally fiscalYear={round.fiscalYear} />}
    </>
  );
}

const STEPS = ['noticeDate', 'recommendationDeadline', 'designationCutoff', 'publicationDueDate'] as const;

function Calendar({ round }: { round: Round }) {
  const { t } = useTranslation('designations');
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading" className={ui.sectionHeading}>
        {t('calendar')}
      </h2>
      <RoundTable caption={t('calendarCaption')} columns={[t('step'), t('date')]} className="max-w-2xl">
        {STEPS.map((step) => (
          <tr key={step}>
            <th scope="row" className={`${ui.td} font-normal`}>
              {t(`steps.${step}`)}
            </th>
            <td className={`${ui.td} ${step === 'recommendationDeadline' ? 'font-bold' : ''}`}>
              <Day day={round.calendar[step]} />
            </td>
          </tr>
        ))}
      </RoundTable>
      {round.windowClosed && <p className="mt-2 text-sm">{t('windowClosed')}</p>}
    </section>
  );
}

/** What the round's sections are given: the round, who looks, and a municipality's name by its code. */
interface SectionProps {
  round: Round;
  session: Session;
  nameOf: (code: string) => string;
}

function Status({ round, session, nameOf }: SectionProps) {
  const { t } = useTranslation('designations');
  const status = round.status;
  const figures = [
    ['withDesignations', t('unitMunicipalities', { count: status.municipalitiesWithDesignations })],
    ['designated', t('unitInstitutions', { count: status.designatedInstitutions })],
    ['inAdjustment', t('unitMunicipalities', { count: status.municipalitiesInAdjustment })],
  ] as const;
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading" className={ui.sectionHeading}>
        {t('status')}
      </h2>
      <dl className="flex flex-wrap gap-4">
        {figures.map(([key, value]) => (
          <div key={key} className="rounded-8 border border-solid-gray-420 px-4 py-3">
            <dt className="text-sm">{t(key)}</dt>
            <dd className="text-2xl font-bold" data-figure={key}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {status.municipalitiesInAdjustment > 0 && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer">
            {t('adjustmentList', { count: status.municipalitiesInAdjustment })}
          </summary>
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1" aria-label={t('inAdjustment')}>
            {status.municipalityCodesInAdjustment.map((code) => (
              <li key={code}>
                {nameOf(code)}（{code}）
              </li>
            ))}
          </ul>
        </details>
      )}
      {may(session, 'readStatusReport') && (
        <p className="mt-3 text-sm">
          <a
            className={ui.link}
            href={`/reports/designation-status/${round.fiscalYear}?format=xlsx`}
            download
          >
            {t('statusReport')}
          </a>
        </p>
      )}
    </section>
  );
}

function Recommendations({ round, session, nameOf }: SectionProps) {
  const { t } = useTranslation('designations');
  const rows = [...round.recommendations].sort(
    (a, b) =>
      a.municipalityCode.localeCompare(b.municipalityCode) || a.recommendedOn.localeCompare(b.recommendedOn),
  );
  const columns = ['municipality', 'institution', 'recommendedOn', 'state', 'notes', 'actions'] as const;
  const count = (status: Recommendation['status']) => rows.filter((r) => r.status === status).length;
  return (
    <div className="overflow-x-auto">
      <p className="mb-2" aria-live="polite">
        {t('recommendationCounts', {
          total: rows.length,
          late: rows.filter((r) => r.late).length,
          pending: count('pending'),
          designated: count('designated'),
        })}
      </p>
      <RoundTable
        caption={t('recommendationsCaption')}
        columns={columns.map((column) => t(`columns.${column}`))}
      >
        {rows.map((recommendation) => (
          <RecommendationRow
            key={recommendation.recommendationId}
            fiscalYear={round.fiscalYear}
            recommendation={recommendation}
            session={session}
            municipality={nameOf(recommendation.municipalityCode)}
          />
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="px-3 py-6 text-center">
              {t('noRecommendations')}
            </td>
          </tr>
        )}
      </RoundTable>
    </div>
  );
}

function RecommendationRow({
  fiscalYear,
  recommendation: r,
  session,
  municipality,
}: {
  fiscalYear: number;
  recommendation: Recommendation;
  session: Session;
  municipality: string;
}) {
  const { t } = useTranslation('designations');
  const needsAcknowledgement = r.status === 'pending' && r.warnings.length > 0 && !r.warningsAcknowledged;
  return (
    <tr className={`border-b border-solid-gray-200 ${r.late ? 'bg-yellow-50' : ''}`}>
      <td className="px-3 py-2">
        {municipality}
        <span className="block text-xs text-solid-gray-700">{r.municipalityCode}</span>
      </td>
      <td className="px-3 py-2">
        {r.institution.name}
        <span className="block text-xs text-solid-gray-700">
          {r.institution.institutionId}・{r.recommendationId}
        </span>
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <Day day={r.recommendedOn} />
      </td>
      <td className="px-3 py-2">
        {t(`state.${r.status}`)}
        {r.designatedOn && (
          <span className="block text-xs whitespace-nowrap">
            <Day day={r.designatedOn} />
          </span>
        )}
      </td>
      <td className="px-3 py-2">
        {r.late && (
          <span className="mr-2 rounded-4 bg-orange-1000 px-2 py-0.5 text-xs font-bold text-white">
            {t('late')}
          </span>
        )}
        {r.warnings.length > 0 && (
          <span className="text-xs">
            {t('notHomeCare')}
            {r.warningsAcknowledged && `（${t('acknowledged')}）`}
          </span>
        )}
      </td>
      <td className="px-3 py-2">
        {needsAcknowledgement && may(session, 'acknowledge') && (
          <CommandButton
            fiscalYear={fiscalYear}
            label={t('acknowledge')}
            secondary
            send={(init) =>
              api.POST(
                '/designation-rounds/{fiscalYear}/recommendations/{recommendationId}/acknowledgement',
                {
                  params: { path: { fiscalYear, recommendationId: r.recommendationId } },
                  ...init,
                },
              )
            }
          />
        )}
        {r.status === 'pending' && may(session, 'withdraw') && (
          <ReasonCommand
            fiscalYear={fiscalYear}
            label={t('withdraw')}
            send={(reason) => (init) =>
              api.POST('/designation-rounds/{fiscalYear}/recommendations/{recommendationId}/withdrawal', {
                params: { path: { fiscalYear, recommendationId: r.recommendationId } },
                body: { reason },
                ...init,
              })
            }
          />
        )}
        {r.status === 'designated' && may(session, 'revoke') && (
          <ReasonCommand
            fiscalYear={fiscalYear}
            label={t('revoke')}
            send={(reason) => (init) =>
              api.POST('/designation-rounds/{fiscalYear}/designations/{institutionId}/revocation', {
                params: { path: { fiscalYear, institutionId: r.institution.institutionId } },
                body: { reason },
                ...init,
              })
            }
          />
        )}
      </td>
    </tr>
  );
}

function StaffActions({ round }: { round: Round }) {
  const { t } = useTranslation('designations');
  const fiscalYear = round.fiscalYear;
  const path = { params: { path: { fiscalYear } } };
  return (
    <section aria-labelledby="staff-heading">
      <h2 id="staff-heading" className={ui.sectionHeading}>
        {t('staffActions')}
      </h2>
      <div className="flex flex-wrap gap-8">
        <CommandButton
          fiscalYear={fiscalYear}
          label={t('designate')}
          send={(init) => api.POST('/designation-rounds/{fiscalYear}/designations', { ...path, ...init })}
          done={(result) => t('designatedCount', { count: result.events.length })}
        />
        <CommandButton
          fiscalYear={fiscalYear}
          label={t('publish')}
          send={(init) =>
            api.POST('/designation-rounds/{fiscalYear}/publications', { ...path, body: {}, ...init })
          }
          done={(result) =>
            result.events.length === 0
              ? t('nothingNew')
              : t('published', { version: round.publications.length + 1 })
          }
        />
      </div>
    </section>
  );
}
