import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { StageName } from '../../components/CodeNames.tsx';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { ui } from '../../components/ui.ts';
import { yen } from '../../format.ts';
import { Instant } from './Instant.tsx';
import { endOfTokyoDay } from './tokyo-day.ts';
import { formParams, paramsOf } from '../../components/url-params.ts';

const KINDS = ['application', 'timeline', 'designation'] as const;
type Kind = (typeof KINDS)[number];
/** What the view shows, kept in the URL (`/audit/as-of?kind=application&applicationId=…&position=…`). */
const FIELDS = [
  'kind',
  'applicationId',
  'recipientId',
  'programId',
  'fiscalYear',
  'date',
  'position',
] as const;
type Pick = Partial<Record<(typeof FIELDS)[number], string>>;
const FIELDS_OF: Record<Kind, ReadonlyArray<'applicationId' | 'recipientId' | 'programId' | 'fiscalYear'>> = {
  application: ['applicationId'],
  timeline: ['recipientId', 'programId'],
  designation: ['fiscalYear'],
};

const kindOf = (pick: Pick): Kind =>
  KINDS.includes(pick.kind as Kind) ? (pick.kind as Kind) : 'application';

type Answer =
  | { kind: 'application'; answer: Schemas['ApplicationAsOfDto'] }
  | { kind: 'timeline'; answer: Schemas['RecipientTimelineAsOfDto'] }
  | { kind: 'designation'; answer: Schemas['DesignationRoundAsOfDto'] };

/**
 * 時点の状態: a case, a recipient's timeline or a round's designated list as it stood at the end of a
 * day or at a log position (GET /as-of/…, replayed from the log; each read is recorded in the access log).
 */
export function AsOfView() {
  const { t } = useTranslation('audit');
  const loading = useTranslation('common').t('loading');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const pick: Pick = paramsOf(params, FIELDS);
  const [kind, setKind] = useState<Kind>(kindOf(pick));
  const [pointKind, setPointKind] = useState<'date' | 'position'>(pick.date ? 'date' : 'position');
  const shownKind = kindOf(pick);
  const ready =
    FIELDS_OF[shownKind].every((name) => Boolean(pick[name])) && Boolean(pick.date ?? pick.position);
  const point = pick.position ? { position: pick.position } : { at: endOfTokyoDay(pick.date ?? '') };
  const asOf = useQuery<Answer, ApiError>({
    queryKey: ['as-of', pick],
    enabled: ready,
    queryFn: async (): Promise<Answer> => {
      if (shownKind === 'timeline') {
        const path = { recipientId: pick.recipientId!, programId: pick.programId! };
        return {
          kind: shownKind,
          answer: dataOf(
            await api.GET('/as-of/recipients/{recipientId}/programs/{programId}/timeline', {
              params: { path, query: point },
            }),
          ),
        };
      }
      if (shownKind === 'designation')
        return {
          kind: shownKind,
          answer: dataOf(
            await api.GET('/as-of/designation-rounds/{fiscalYear}', {
              params: { path: { fiscalYear: Number(pick.fiscalYear) }, query: point },
            }),
          ),
        };
      return {
        kind: 'application',
        answer: dataOf(
          await api.GET('/as-of/applications/{applicationId}', {
            params: { path: { applicationId: pick.applicationId! }, query: point },
          }),
        ),
      };
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = formParams(
      event.currentTarget,
      [...FIELDS_OF[kind], pointKind],
      new URLSearchParams({ kind }),
    );
    void navigate(`/audit/as-of?${next}`);
  };

  return (
    <section aria-labelledby="as-of-heading">
      <h2 id="as-of-heading" className={ui.sectionHeading}>
        {t('asOf.heading')}
      </h2>
      <form
        key={params.toString()}
        onSubmit={submit}
        aria-label={t('asOf.picker')}
        className="mb-6 flex flex-wrap items-end gap-4"
      >
        <div className="text-sm">
          <label htmlFor="as-of-kind" className="block">
            {t('asOf.kind')}
          </label>
          <select
            id="as-of-kind"
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as Kind)}
            className={ui.filterField}
          >
            {KINDS.map((name) => (
              <option key={name} value={name}>
                {t(`asOf.kinds.${name}`)}
              </option>
            ))}
          </select>
        </div>
        {FIELDS_OF[kind].map((name) => (
          <label key={name} className="block text-sm">
            {t(`asOf.${name}`)}
            <input
              name={name}
              defaultValue={pick[name]}
              required
              inputMode={name === 'fiscalYear' ? 'numeric' : undefined}
              className={ui.filterField}
            />
          </label>
        ))}
        <fieldset className="text-sm">
          <legend>{t('asOf.pointKind')}</legend>
          <div className="mt-1 flex gap-3">
            {(['position', 'date'] as const).map((name) => (
              <label key={name} className="flex items-center gap-1">
                <input
                  type="radio"
                  name="pointKind"
                  value={name}
                  checked={pointKind === name}
                  onChange={() => setPointKind(name)}
                />
                {t(name === 'date' ? 'asOf.byDate' : 'asOf.byPosition')}
              </label>
            ))}
          </div>
        </fieldset>
        {pointKind === 'date' ? (
          <label className="block text-sm">
            {t('asOf.date')}
            <input type="date" name="date" defaultValue={pick.date} required className={ui.filterField} />
          </label>
        ) : (
          <label className="block text-sm">
            {t('asOf.position')}
            <input
              name="position"
              defaultValue={pick.position}
              inputMode="numeric"
              required
              className={ui.filterField}
            />
          </label>
        )}
        <button type="submit" className={ui.primaryButton}>
          {t('asOf.show')}
        </button>
      </form>
      {asOf.isFetching && <p>{loading}</p>}
      {asOf.isError && <ErrorAlert error={asOf.error} />}
      {asOf.isSuccess && !asOf.isFetching && (
        <article
          aria-label={t(`asOf.kinds.${asOf.data.kind}`)}
          className="rounded-8 border border-solid-gray-420 p-4"
        >
          <Point answer={asOf.data.answer} />
          {asOf.data.kind === 'application' && <ApplicationAsOf state={asOf.data.answer.state} />}
          {asOf.data.kind === 'timeline' && <TimelineAsOf state={asOf.data.answer.state} />}
          {asOf.data.kind === 'designation' && <DesignationAsOf state={asOf.data.answer.state} />}
        </article>
      )}
    </section>
  );
}

/** Which point was asked for, and the last event the replay folded in. */
function Point({ answer }: { answer: Answer['answer'] }) {
  const { t } = useTranslation('audit');
  const { asOf, upTo } = answer;
  return (
    <div className="mb-3 text-sm">
      <p className="text-lg font-bold">
        {asOf.position !== undefined ? (
          t('asOf.asOfPosition', { position: asOf.position })
        ) : (
          <>
            {t('asOf.asOfDate')} <Day day={(asOf.at ?? '').slice(0, 10)} />
          </>
        )}
      </p>
      <p>
        {t('asOf.upTo', { type: upTo.type, position: upTo.position, revision: upTo.revision })}{' '}
        <Instant at={upTo.recordedAt} />
      </p>
    </div>
  );
}

function ApplicationAsOf({ state }: { state: Schemas['ApplicationAsOfStateDto'] }) {
  const { t } = useTranslation('audit');
  const amount = (value: number | null | undefined) => (value == null ? t('asOf.none') : yen(value));
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
      <dt className="font-bold">{t('asOf.applicationId')}</dt>
      <dd className="font-mono">
        <Link to={`/cases/${encodeURIComponent(state.applicationId)}`} className={ui.link}>
          {state.applicationId}
        </Link>
      </dd>
      <dt className="font-bold">{t('asOf.stage')}</dt>
      <dd data-testid="as-of-stage">
        <StageName stage={state.stage} />
      </dd>
      <dt className="font-bold">{t('asOf.allowed')}</dt>
      <dd>{state.allowedCommands.join('、') || t('asOf.none')}</dd>
      <dt className="font-bold">{t('asOf.requested')}</dt>
      <dd>{amount(state.amounts.requested.amount)}</dd>
      <dt className="font-bold">{t('asOf.granted')}</dt>
      <dd>
        {amount(state.amounts.granted?.amount)}
        {state.amounts.granted?.subsidyRate ? `（${state.amounts.granted.subsidyRate}）` : ''}
      </dd>
      <dt className="font-bold">{t('asOf.confirmed')}</dt>
      <dd>{amount(state.amounts.confirmed?.amount)}</dd>
      <dt className="font-bold">{t('asOf.paid')}</dt>
      <dd>{yen(state.amounts.paid)}</dd>
    </dl>
  );
}

function TimelineAsOf({ state }: { state: Schemas['RecipientTimelineAsOfStateDto'] }) {
  const { t } = useTranslation('audit');
  return (
    <table className={ui.table}>
      <caption className="mb-2 text-left font-bold">
        {t('asOf.yearsCaption')}（{state.recipientId}・{state.programId}）
      </caption>
      <thead className="bg-solid-gray-50">
        <tr>
          <th scope="col" className={ui.th}>
            {t('asOf.year')}
          </th>
          <th scope="col" className={ui.th}>
            {t('asOf.programYear')}
          </th>
          <th scope="col" className={ui.th}>
            {t('asOf.applications')}
          </th>
        </tr>
      </thead>
      <tbody>
        {state.years.map((year) => (
          <tr key={year.fiscalYear} className="border-b border-solid-gray-200 align-top">
            <td className={ui.td}>
              <FiscalYear year={year.fiscalYear} />
            </td>
            <td className={ui.td}>{year.programYear ?? t('asOf.none')}</td>
            <td className={ui.td}>
              <ul>
                {year.applications.map((application) => (
                  <li key={application.applicationId}>
                    <span className="font-mono text-xs">{application.applicationId}</span>{' '}
                    <StageName stage={application.stage} />
                    {application.grantedAmount !== undefined && ` ${yen(application.grantedAmount)}`}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DesignationAsOf({ state }: { state: Schemas['DesignationRoundAsOfStateDto'] }) {
  const { t } = useTranslation('audit');
  return (
    <>
      <table className={ui.table}>
        <caption className="mb-2 text-left font-bold">
          {t('asOf.designatedCaption')}（<FiscalYear year={state.fiscalYear} />）
        </caption>
        <thead className="bg-solid-gray-50">
          <tr>
            <th scope="col" className={ui.th}>
              {t('asOf.institution')}
            </th>
            <th scope="col" className={ui.th}>
              {t('asOf.municipality')}
            </th>
            <th scope="col" className={ui.th}>
              {t('asOf.designatedOn')}
            </th>
          </tr>
        </thead>
        <tbody>
          {state.designatedInstitutions.map((institution) => (
            <tr key={institution.institutionId} className="border-b border-solid-gray-200">
              <td className={ui.td}>
                {institution.name}（{institution.institutionId}）
              </td>
              <td className={ui.td}>{institution.municipalityCode}</td>
              <td className={ui.td}>
                <Day day={institution.designatedOn} />
              </td>
            </tr>
          ))}
          {state.designatedInstitutions.length === 0 && (
            <tr>
              <td colSpan={3} className="px-3 py-6 text-center">
                {t('asOf.noDesignated')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {state.revokedInstitutions.length > 0 && (
        <p className="mt-3 text-sm">
          {t('asOf.revoked')}:{' '}
          {state.revokedInstitutions.map((r) => `${r.name}（${r.institutionId}）`).join('、')}
        </p>
      )}
    </>
  );
}
