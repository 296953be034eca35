import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYearChooser } from '../../components/FiscalYearChooser.tsx';
import { currentFiscalYear } from '../../format.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { tokyoDayOf } from '../../format.ts';
import { ProposeForm } from './ProposeForm.tsx';
import { useCatalogue } from './rules-api.ts';
import { useCommand } from '../../components/use-command.ts';
import { VersionDiff } from './VersionDiff.tsx';

type Proposal = Schemas['RuleProposalDto'];
type CalendarDate = { year: number; month: number; day: number };

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = ({ year, month, day }: CalendarDate) => `${year}-${pad(month)}-${pad(day)}`;

/**
 * ルール: the programmes in force for a fiscal year (GET /rules/catalogue), that year's proposals
 * (GET /rules/fiscal-years/:fy) — released by an admin other than the proposer, which the page says before
 * anyone tries — entering a year's rules as JSON or CSV (admins), and the diff between two versions.
 */
export default function RulesPage() {
  const { t } = useTranslation('rules');
  const session = useCurrentSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const fiscalYear = Number(searchParams.get('fiscalYear') ?? currentFiscalYear());
  const isAdmin = session.role === 'admin';
  const choose = (form: FormData) => {
    const year = String(form.get('fiscalYear') ?? '').trim();
    void navigate(`/rules?${new URLSearchParams({ fiscalYear: year })}`);
  };
  return (
    <Layout title={t('title')} session={session}>
      <FiscalYearChooser
        fiscalYear={fiscalYear}
        label={t('fiscalYear')}
        submit={t('show')}
        formKey={searchParams.toString()}
        onChoose={choose}
      />
      {Number.isInteger(fiscalYear) && (
        <>
          <Catalogue fiscalYear={fiscalYear} />
          <Proposals fiscalYear={fiscalYear} />
          {isAdmin ? (
            <ProposeForm fiscalYear={fiscalYear} />
          ) : (
            <p className="mt-4 text-sm">{t('proposals.adminOnly')}</p>
          )}
          <VersionDiff fiscalYear={fiscalYear} />
        </>
      )}
    </Layout>
  );
}

function Catalogue({ fiscalYear }: { fiscalYear: number }) {
  const { t, i18n } = useTranslation('rules');
  const catalogue = useCatalogue(fiscalYear);
  const columns = ['program', 'version', 'origin', 'released', 'window'] as const;
  return (
    <section aria-labelledby="catalogue-heading">
      <h2 id="catalogue-heading" className={ui.sectionHeading}>
        {t('catalogue.heading')}
      </h2>
      {catalogue.isPending && <p>{i18n.t('common:loading')}</p>}
      {catalogue.isError && <ErrorAlert error={catalogue.error} />}
      {catalogue.isSuccess && (
        <ListTable
          caption={t('catalogue.caption')}
          headings={columns.map((column) => t(`catalogue.columns.${column}`))}
          empty={t('catalogue.empty')}
        >
          {catalogue.data.programs.map(({ version, origin, released, schedule }) => (
            <tr key={version.programId}>
              <td className={ui.td}>
                {i18n.language === 'en' ? version.name.en : version.name.ja}
                <br />
                <span className="font-mono text-xs text-solid-gray-700">{version.programId}</span>
              </td>
              <td className={`${ui.td} font-mono`}>{version.versionId}</td>
              <td className={ui.td}>{t(`catalogue.origin.${origin}`)}</td>
              <td className={ui.td}>
                {released ? (
                  <>
                    <Day day={tokyoDayOf(released.at)} /> {released.actorId}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className={`${ui.td} whitespace-nowrap`}>
                <Day day={dayOf(schedule.applicationOpens)} />〜
                <Day day={dayOf(schedule.applicationCloses)} />
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}

function Proposals({ fiscalYear }: { fiscalYear: number }) {
  const { t, i18n } = useTranslation('rules');
  const proposals = useQuery<Schemas['FiscalYearRulesDto'], ApiError>({
    queryKey: ['rules', 'fiscal-year', fiscalYear],
    queryFn: async () =>
      dataOf(await api.GET('/rules/fiscal-years/{fiscalYear}', { params: { path: { fiscalYear } } })),
  });
  const columns = ['id', 'status', 'source', 'programs', 'proposed', 'decided', 'actions'] as const;
  return (
    <section aria-labelledby="proposals-heading">
      <h2 id="proposals-heading" className={ui.sectionHeading}>
        {t('proposals.heading')}
      </h2>
      {proposals.isPending && <p>{i18n.t('common:loading')}</p>}
      {proposals.isError && <ErrorAlert error={proposals.error} />}
      {proposals.isSuccess && (
        <ListTable
          caption={t('proposals.caption')}
          headings={columns.map((column) => t(`proposals.columns.${column}`))}
          empty={t('proposals.empty')}
        >
          {proposals.data.proposals.map((proposal) => (
            <ProposalRow key={proposal.proposalId} proposal={proposal} fiscalYear={fiscalYear} />
          ))}
        </ListTable>
      )}
    </section>
  );
}

function Recorded({ record }: { record?: { actorId: string; at: string; reason?: string } }) {
  if (!record) return <>—</>;
  return (
    <>
      <Day day={tokyoDayOf(record.at)} />
      <br />
      {record.actorId}
      {record.reason && (
        <>
          <br />
          {record.reason}
        </>
      )}
    </>
  );
}

/** A proposal; for an admin while it is pending, 施行 (by another admin: said before anyone tries) and 取下げ. */
function ProposalRow({ proposal, fiscalYear }: { proposal: Proposal; fiscalYear: number }) {
  const { t } = useTranslation('rules');
  const session = useCurrentSession();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const path = { fiscalYear, proposalId: proposal.proposalId };
  const done = () => queryClient.invalidateQueries({ queryKey: ['rules'] });
  const release = useCommand<void, unknown>(
    (_nothing, headers) =>
      api.POST('/rules/fiscal-years/{fiscalYear}/proposals/{proposalId}/release', {
        params: { path },
        headers,
      }),
    { onSuccess: done },
  );
  const withdraw = useCommand<string, unknown>(
    (given, headers) =>
      api.POST('/rules/fiscal-years/{fiscalYear}/proposals/{proposalId}/withdrawal', {
        params: { path },
        body: { reason: given },
        headers,
      }),
    { onSuccess: done },
  );
  const pending = proposal.status === 'proposed' && session.role === 'admin';
  const ownProposal = proposal.proposed.actorId === session.id;
  const fourEyesId = `four-eyes-${proposal.proposalId}`;
  const reasonId = `withdraw-${proposal.proposalId}`;
  return (
    <tr className="align-top">
      <td className={`${ui.td} font-mono`}>{proposal.proposalId}</td>
      <td className={`${ui.td} whitespace-nowrap`}>{t(`proposals.status.${proposal.status}`)}</td>
      <td className={ui.td}>
        {proposal.source.title}
        <br />
        <span className="text-solid-gray-700">
          <Day day={proposal.source.date} /> {proposal.source.section}
        </span>
      </td>
      <td className={`${ui.td} font-mono text-xs`}>
        {proposal.programs.map((p) => (
          <span key={`${p.programId}/${p.versionId}`} className="block">
            {p.programId} {p.versionId}
            {p.supersedes ? ` ← ${p.supersedes}` : ''}
          </span>
        ))}
      </td>
      <td className={ui.td}>
        <Recorded record={proposal.proposed} />
      </td>
      <td className={ui.td}>
        <Recorded record={proposal.released ?? proposal.withdrawn} />
      </td>
      <td className={ui.td}>
        {pending && (
          <div className="flex min-w-64 flex-col gap-2">
            <button
              type="button"
              className={ui.primaryButton}
              disabled={ownProposal || release.isPending}
              aria-describedby={ownProposal ? fourEyesId : undefined}
              onClick={() => release.submit()}
            >
              {release.isPending ? t('proposals.releasing') : t('proposals.release')}
            </button>
            {ownProposal && (
              <p id={fourEyesId} className="text-sm text-error-2">
                {t('proposals.fourEyes', { actor: proposal.proposed.actorId })}
              </p>
            )}
            {release.isError && <ErrorAlert error={release.error} />}
            <form
              onSubmit={(event) => {
                event.preventDefault();
                withdraw.submit(reason);
              }}
              className="flex flex-col gap-1"
            >
              <label htmlFor={reasonId} className="text-sm">
                {t('proposals.withdrawReason', { id: proposal.proposalId })}
              </label>
              <input
                id={reasonId}
                value={reason}
                required
                onChange={(event) => setReason(event.target.value)}
                className={ui.field}
              />
              <button type="submit" className={ui.secondaryButton} disabled={withdraw.isPending}>
                {t('proposals.withdraw')}
              </button>
              {withdraw.isError && <ErrorAlert error={withdraw.error} />}
            </form>
          </div>
        )}
      </td>
    </tr>
  );
}
