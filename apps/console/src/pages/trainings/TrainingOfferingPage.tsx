import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { useCommand } from '../../components/use-command.ts';
import { NotFoundPage } from '../not-found/NotFoundPage.tsx';

type Offering = Schemas['TrainingOfferingDto'];

/**
 * 研修の開催: one offering (GET /trainings/:offeringId): its sessions and dates, each participant's
 * attendance per session and completion; the office records attendance and completion here.
 */
export default function TrainingOfferingPage() {
  const { t, i18n } = useTranslation('trainings');
  const loading = useTranslation('common').t('loading');
  const session = useCurrentSession();
  const { offeringId = '' } = useParams();
  const offering = useQuery<Offering, ApiError>({
    queryKey: ['training-offering', offeringId],
    queryFn: async () =>
      dataOf(await api.GET('/trainings/{offeringId}', { params: { path: { offeringId } } })),
  });
  if (offering.isError && (offering.error.status === 404 || offering.error.status === 400)) {
    return <NotFoundPage />;
  }
  const data = offering.data;
  const name = data ? (i18n.language === 'en' ? data.courseName.en : data.courseName.ja) : '';
  return (
    <Layout title={data ? `${t('detail.title')}: ${name}` : t('detail.title')} session={session}>
      <p className="mb-4">
        <Link to="/trainings" className={ui.link}>
          {t('detail.back')}
        </Link>
      </p>
      {offering.isPending && <p>{loading}</p>}
      {offering.isError && <ErrorAlert error={offering.error} />}
      {data && (
        <>
          <dl aria-label={t('detail.facts')} className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
            <dt className="font-bold">{t('detail.course')}</dt>
            <dd>{name}</dd>
            <dt className="font-bold">{t('detail.fiscalYear')}</dt>
            <dd>{data.state.fiscalYear === undefined ? '—' : <FiscalYear year={data.state.fiscalYear} />}</dd>
            <dt className="font-bold">{t('detail.offeringId')}</dt>
            <dd className="font-mono text-sm">{data.offeringId}</dd>
          </dl>
          <Sessions offering={data} />
          <Enrolments offering={data} />
          {session.role === 'caseworker' && data.state.enrollments.some((e) => e.status === 'enrolled') && (
            <RecordForm offering={data} />
          )}
        </>
      )}
    </Layout>
  );
}

function sessionName(offering: Offering, sessionId: string, english: boolean): string {
  const found = offering.state.sessions.find((s) => s.sessionId === sessionId);
  return found ? (english ? found.name.en : found.name.ja) : sessionId;
}

function Sessions({ offering }: { offering: Offering }) {
  const { t, i18n } = useTranslation('trainings');
  const english = i18n.language === 'en';
  const columns = ['session', 'kind', 'required', 'date'] as const;
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className={ui.sectionHeading}>
        {t('detail.sessions')}
      </h2>
      <table className={ui.table}>
        <caption className="sr-only">{t('detail.sessionsCaption')}</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={ui.th}>
                {t(`detail.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {offering.state.sessions.map((s) => (
            <tr key={s.sessionId} className="border-b border-solid-gray-200">
              <td className="px-3 py-2">{english ? s.name.en : s.name.ja}</td>
              <td className="px-3 py-2">{t(`detail.kinds.${s.kind as 'lecture'}`)}</td>
              <td className="px-3 py-2">{s.required ? t('detail.required') : t('detail.optional')}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <Day day={s.date} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Enrolments({ offering }: { offering: Offering }) {
  const { t, i18n } = useTranslation('trainings');
  const english = i18n.language === 'en';
  const sessions = offering.state.sessions;
  const people = [...offering.state.enrollments].sort((a, b) => a.personId.localeCompare(b.personId));
  return (
    <section aria-labelledby="enrolments-heading">
      <h2 id="enrolments-heading" className={ui.sectionHeading}>
        {t('detail.enrolments')}
      </h2>
      <div className="overflow-x-auto">
        <table className={ui.table}>
          <caption className="sr-only">{t('detail.enrolmentsCaption')}</caption>
          <thead className="bg-solid-gray-50">
            <tr>
              <th scope="col" className={ui.th}>
                {t('detail.columns.person')}
              </th>
              <th scope="col" className={ui.th}>
                {t('detail.columns.institution')}
              </th>
              {sessions.map((s) => (
                <th key={s.sessionId} scope="col" className={ui.th}>
                  {english ? s.name.en : s.name.ja}
                </th>
              ))}
              <th scope="col" className={ui.th}>
                {t('detail.columns.status')}
              </th>
              <th scope="col" className={ui.th}>
                {t('detail.columns.completedOn')}
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((e) => (
              <tr key={e.personId} className="border-b border-solid-gray-200">
                <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-normal">
                  {e.personId}
                </th>
                <td className="px-3 py-2 font-mono text-xs">{e.institutionId}</td>
                {sessions.map((s) => (
                  <td key={s.sessionId} className="px-3 py-2 text-center">
                    {e.attended.includes(s.sessionId) ? (
                      <span
                        aria-label={t('detail.attended')}
                        title={sessionName(offering, s.sessionId, english)}
                      >
                        ✓
                      </span>
                    ) : (
                      <span aria-label={t('detail.absent')}>—</span>
                    )}
                  </td>
                ))}
                <td className="px-3 py-2 whitespace-nowrap">
                  <span className={e.status === 'completed' ? 'font-bold text-success-2' : ''}>
                    {t(`detail.status.${e.status}`)}
                  </span>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {e.completedOn ? <Day day={e.completedOn} /> : '—'}
                </td>
              </tr>
            ))}
            {people.length === 0 && (
              <tr>
                <td colSpan={sessions.length + 4} className="px-3 py-6 text-center">
                  {t('detail.noEnrolments')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

type Command = 'attendance' | 'completion';

/**
 * 出席・修了の記録 (caseworkers): one command per submission, sent with an Idempotency-Key of its own;
 * the buttons are disabled while it runs, so a double click sends it once. Field errors appear under
 * their field, the others next to the buttons.
 */
function RecordForm({ offering }: { offering: Offering }) {
  const { t, i18n } = useTranslation('trainings');
  const english = i18n.language === 'en';
  const queryClient = useQueryClient();
  const [done, setDone] = useState<Command | null>(null);
  const record = useCommand<{ command: Command; personId: string; sessionId: string }, unknown>(
    ({ command, personId, sessionId }, headers) => {
      const params = { path: { offeringId: offering.offeringId } };
      return command === 'attendance'
        ? api.POST('/trainings/{offeringId}/attendance', { params, headers, body: { personId, sessionId } })
        : api.POST('/trainings/{offeringId}/completions', { params, headers, body: { personId } });
    },
    {
      onSuccess: async (_answer, { command }) => {
        setDone(command);
        await queryClient.invalidateQueries({ queryKey: ['training-offering', offering.offeringId] });
      },
    },
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const form = new FormData(event.currentTarget);
    setDone(null);
    record.submit({
      command: submitter?.value === 'completion' ? 'completion' : 'attendance',
      personId: String(form.get('personId') ?? ''),
      sessionId: String(form.get('sessionId') ?? ''),
    });
  };
  const fieldError = (field: string) => record.error?.errors?.find((e) => e.field === field)?.reason;
  const otherError = record.error && !record.error.errors?.length ? record.error : null;
  const active = offering.state.enrollments.filter((e) => e.status === 'enrolled');
  return (
    <section aria-labelledby="record-heading">
      <h2 id="record-heading" className={ui.sectionHeading}>
        {t('detail.record.heading')}
      </h2>
      <form onSubmit={submit} className="flex flex-wrap items-start gap-4">
        <div>
          <label htmlFor="record-person" className="block text-sm">
            {t('detail.record.person')}
          </label>
          <select id="record-person" name="personId" className={ui.filterField}>
            {active.map((e) => (
              <option key={e.personId} value={e.personId}>
                {e.personId}
              </option>
            ))}
          </select>
          {fieldError('personId') && (
            <p role="alert" className="mt-1 text-sm text-error-2">
              {fieldError('personId')}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="record-session" className="block text-sm">
            {t('detail.record.session')}
          </label>
          <select id="record-session" name="sessionId" className={ui.filterField}>
            {offering.state.sessions.map((s) => (
              <option key={s.sessionId} value={s.sessionId}>
                {english ? s.name.en : s.name.ja}
              </option>
            ))}
          </select>
          {fieldError('sessionId') && (
            <p role="alert" className="mt-1 text-sm text-error-2">
              {fieldError('sessionId')}
            </p>
          )}
        </div>
        <div className="flex flex-col gap-2 pt-5">
          <div className="flex gap-2">
            <button
              type="submit"
              name="command"
              value="attendance"
              className={ui.secondaryButton}
              disabled={record.isPending}
            >
              {t('detail.record.attendance')}
            </button>
            <button
              type="submit"
              name="command"
              value="completion"
              className={ui.primaryButton}
              disabled={record.isPending}
            >
              {t('detail.record.completion')}
            </button>
          </div>
          {otherError && <ErrorAlert error={otherError} />}
          {done && (
            <p role="status" className="text-sm">
              {t('detail.record.done')}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
