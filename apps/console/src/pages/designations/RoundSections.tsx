import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ui } from '../../components/ui.ts';
import type { Session } from '../../session.ts';
import { may } from './roles.ts';
import { ButtonError, Field, SubmitButton } from './forms.tsx';
import { RoundTable } from './RoundTable.tsx';
import { useRoundCommand } from './round-command.ts';

type Round = Schemas['DesignationRoundDto'];
const FORMATS = ['json', 'csv', 'html'] as const;

/** The published versions of the list, each immutable, to download as JSON, CSV (Excel) or an HTML page. */
export function Publications({ round }: { round: Round; session: Session }) {
  const { t } = useTranslation('designations');
  return (
    <section aria-labelledby="publications-heading">
      <h2 id="publications-heading" className={ui.sectionHeading}>
        {t('publications')}
      </h2>
      {round.publications.length === 0 ? (
        <p>{t('noPublications')}</p>
      ) : (
        <RoundTable
          caption={t('publicationsCaption')}
          columns={[t('version'), t('publishedOn'), t('downloads')]}
          className="max-w-2xl"
        >
          {[...round.publications].reverse().map(({ version, publishedOn }) => (
            <tr key={version}>
              <td className={ui.td}>{t('versionLabel', { version })}</td>
              <td className={ui.td}>
                <Day day={publishedOn} />
              </td>
              <td className={`${ui.td} space-x-3`}>
                {FORMATS.map((format) => (
                  <a
                    key={format}
                    className={ui.link}
                    href={`/designation-rounds/${round.fiscalYear}/publications/${version}.${format}`}
                    aria-label={t('download', { version, format: format.toUpperCase() })}
                    {...(format === 'html' ? { target: '_blank', rel: 'noreferrer' } : { download: true })}
                  >
                    {format.toUpperCase()}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </RoundTable>
      )}
    </section>
  );
}

/** 取組状況調査: the surveys of the designated institutions, how many answered; staff issue a new one. */
export function FollowUpSurveys({ round, session }: { round: Round; session: Session }) {
  const { t } = useTranslation('designations');
  const issue = useRoundCommand(round.fiscalYear);
  const [formKey, setFormKey] = useState(0);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      surveyId: String(form.get('surveyId') ?? '').trim(),
      dueDate: String(form.get('dueDate') ?? ''),
    };
    issue.submit(
      (init) =>
        api.POST('/designation-rounds/{fiscalYear}/follow-up-surveys', {
          params: { path: { fiscalYear: round.fiscalYear } },
          body,
          ...init,
        }),
      () => setFormKey((key) => key + 1),
    );
  };
  return (
    <section aria-labelledby="follow-up-heading">
      <h2 id="follow-up-heading" className={ui.sectionHeading}>
        {t('followUp')}
      </h2>
      {round.followUpSurveys.length === 0 ? (
        <p>{t('noFollowUp')}</p>
      ) : (
        <RoundTable
          caption={t('followUpCaption')}
          columns={[t('surveyId'), t('surveyed'), t('answered')]}
          className="max-w-2xl"
        >
          {round.followUpSurveys.map((survey) => (
            <tr key={survey.surveyId}>
              <td className={ui.td}>{survey.surveyId}</td>
              <td className={ui.td}>{t('unitInstitutions', { count: survey.surveyed })}</td>
              <td className={ui.td}>{t('unitInstitutions', { count: survey.answered })}</td>
            </tr>
          ))}
        </RoundTable>
      )}
      {may(session, 'issueFollowUp') && (
        <form
          key={formKey}
          onSubmit={submit}
          aria-labelledby="issue-follow-up-heading"
          className="mt-4 flex max-w-2xl flex-wrap items-start gap-4"
          noValidate
        >
          <h3 id="issue-follow-up-heading" className="w-full font-bold">
            {t('issueFollowUp')}
          </h3>
          <Field label={t('surveyId')} field="surveyId" error={issue.error}>
            {(props) => (
              <input
                {...props}
                name="surveyId"
                defaultValue={`followUp-${round.fiscalYear}`}
                className={ui.filterField}
              />
            )}
          </Field>
          <Field label={t('dueDate')} field="dueDate" error={issue.error}>
            {(props) => <input {...props} name="dueDate" type="date" className={ui.filterField} />}
          </Field>
          <div className="self-end">
            <SubmitButton pending={issue.isPending} label={t('issueFollowUp')} sending={t('sending')} />
          </div>
          <div className="w-full">
            <ButtonError error={issue.error} fields={['surveyId', 'dueDate']} />
          </div>
        </form>
      )}
    </section>
  );
}

/** 拠点の調査: answered / surveyed and, per required item, 実施済 and 今後実施 (the seed's 50/62; 35/8 …). */
export function HubSurveyTally({ fiscalYear }: { fiscalYear: number }) {
  const { t, i18n } = useTranslation('designations');
  const loading = useTranslation('common').t('loading');
  const tally = useQuery<Schemas['HubSurveyTallyDto'], ApiError>({
    queryKey: ['hub-survey-tally', fiscalYear],
    queryFn: async () =>
      dataOf(await api.GET('/hub-surveys/{fiscalYear}/tally', { params: { path: { fiscalYear } } })),
    retry: false,
  });
  return (
    <section aria-labelledby="hub-heading">
      <h2 id="hub-heading" className={ui.sectionHeading}>
        {t('hubSurvey')}
      </h2>
      {tally.isPending && <p>{loading}</p>}
      {tally.isError &&
        (tally.error.status === 404 ? <p>{t('noHubSurvey')}</p> : <ErrorAlert error={tally.error} />)}
      {tally.isSuccess && (
        <>
          <p className="mb-2">{t('hubAnswered', tally.data)}</p>
          <RoundTable
            caption={t('hubCaption')}
            columns={[t('item'), t('done'), t('planned')]}
            numeric={[1, 2]}
            className="max-w-4xl"
          >
            {tally.data.items.map((row) => (
              <tr key={row.item}>
                <td className={ui.td}>
                  {String.fromCodePoint(0x2460 + row.item - 1)}{' '}
                  {i18n.language === 'en' ? row.label.en : row.label.ja}
                </td>
                <td className={`${ui.td} text-right`}>{row.done}</td>
                <td className={`${ui.td} text-right`}>{row.planned}</td>
              </tr>
            ))}
          </RoundTable>
        </>
      )}
    </section>
  );
}
