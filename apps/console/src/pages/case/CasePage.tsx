import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { COMMAND_SCHEMAS } from '../../api/command-schemas.ts';
import { StageName, useCodeNames } from '../../components/CodeNames.tsx';
import { Day } from '../../components/Day.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FiscalYear } from '../../components/FiscalYear.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';
import { useCurrentSession } from '../../components/current-session.tsx';
import { tokyoDayOf, yen } from '../../format.ts';
import type { Session } from '../../session.ts';
import { NotFoundPage } from '../not-found/NotFoundPage.tsx';
import { CommandForm } from './CommandForm.tsx';
import { AmountTrace } from './AmountTrace.tsx';
import { HeaderRow, Section } from './parts.tsx';

type Case = Schemas['ApplicationCaseDto'];

/** The decisions the four-eyes rule keeps from the case's reviewers (the domain's requireFourEyes). */
export const FOUR_EYES_COMMANDS: readonly string[] = [
  'DecideGrant',
  'RejectApplication',
  'ApproveChange',
  'RejectChange',
  'ConfirmAmount',
];

/** The commands of the stage that the signed-in role may send (the routes' roles, from the api's document). */
export function commandsFor(session: Session, allowed: readonly string[]): string[] {
  return allowed.filter((command) => COMMAND_SCHEMAS[command]?.roles.includes(session.role));
}

export function useCase(applicationId: string) {
  return useQuery<Case, ApiError>({
    queryKey: ['case', applicationId],
    queryFn: async () =>
      dataOf(await api.GET('/applications/{applicationId}', { params: { path: { applicationId } } })),
    retry: (count, error) => error.status >= 500 && count < 2,
  });
}

/**
 * 案件: one case as its stream tells it (GET /applications/:id): the stage and the commands the signed-in
 * role may send now, the facts, who reviewed and who may approve, the eligibility checks, the amount with
 * its trace, and the history as a timeline. Another's case is a 404 and looks like any missing page.
 */
export default function CasePage() {
  const { applicationId = '' } = useParams();
  const { t } = useTranslation('casePage');
  const loading = useTranslation().t('loading');
  const session = useCurrentSession();
  const found = useCase(applicationId);
  if (found.isError && found.error.status === 404) return <NotFoundPage />;
  return (
    <Layout title={t('title', { id: applicationId })} session={session}>
      {found.isPending && <p>{loading}</p>}
      {found.isError && <ErrorAlert error={found.error} />}
      {found.isSuccess && <CaseView item={found.data} session={session} />}
    </Layout>
  );
}

function CaseView({ item, session }: { item: Case; session: Session }) {
  const { t } = useTranslation('casePage');
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <div>
        <StageSummary item={item} />
        <Commands item={item} session={session} />
        <Facts item={item} />
        <FourEyes item={item} session={session} />
        <Eligibility item={item} />
        <Section id="amount" title={t('amount')}>
          {item.proposedGrant && (
            <AmountTrace
              id="proposed"
              decision={item.proposedGrant}
              title={t('proposedTrace', { amount: yen(item.proposedGrant.amount) })}
            />
          )}
          {!item.proposedGrant && item.amounts.granted === null && (
            <p>
              {t('amountNone', {
                requested: item.amounts.requested.amount === null ? '—' : yen(item.amounts.requested.amount),
              })}
            </p>
          )}
          {item.amounts.granted && (
            <AmountTrace
              id="granted"
              decision={item.amounts.granted}
              title={t('grantedTrace', { amount: yen(item.amounts.granted.amount) })}
            />
          )}
          {item.amounts.confirmed && (
            <AmountTrace
              id="confirmed"
              decision={item.amounts.confirmed}
              title={t('confirmedTrace', {
                amount: yen(item.amounts.confirmed.confirmedAmount),
                granted: yen(item.amounts.confirmed.grantedAmount),
              })}
            />
          )}
        </Section>
      </div>
      <History item={item} />
    </div>
  );
}

function StageSummary({ item }: { item: Case }) {
  const { t, i18n } = useTranslation('casePage');
  const names = useCodeNames();
  const next = item.nextAction;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-8 bg-solid-gray-50 p-4">
      <dt className="font-bold">{t('stage')}</dt>
      <dd data-testid="stage">
        <StageName stage={item.stage} />
      </dd>
      {next && (
        <>
          <dt className="font-bold">{t('nextAction')}</dt>
          <dd>
            {t('nextActionBy', {
              action: i18n.language === 'en' ? next.label.en : next.label.ja,
              by: next.by.map(names.role).join('・'),
            })}
            {next.reasons?.map((reason) => (
              <span key={reason.ja} className="block text-sm text-error-2">
                {i18n.language === 'en' ? reason.en : reason.ja}
              </span>
            ))}
          </dd>
          {next.dueDate && (
            <>
              <dt className="font-bold">{t('due')}</dt>
              <dd>
                <Day day={next.dueDate} />
              </dd>
            </>
          )}
        </>
      )}
    </dl>
  );
}

/** The buttons of the commands allowed now for this role; one form open at a time. */
function Commands({ item, session }: { item: Case; session: Session }) {
  const { t } = useTranslation('casePage');
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const mine = commandsFor(session, item.allowedCommands);
  const others = item.allowedCommands.filter((command) => !mine.includes(command));
  const reviewer = item.reviewerIds.includes(session.id);
  const name = (command: string) => tt(`command.${command}`, { defaultValue: command });
  return (
    <Section id="commands" title={t('commands')}>
      <p aria-live="polite" className="mb-2 font-bold text-success-2">
        {sent && t('sent', { command: name(sent) })}
      </p>
      {mine.length === 0 && <p>{t('noCommands')}</p>}
      {others.length > 0 && mine.length === 0 && (
        <p className="text-sm text-solid-gray-700">
          {t('commandsForOthers', { list: others.map(name).join('、') })}
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        {mine.map((command) => {
          const barred = reviewer && FOUR_EYES_COMMANDS.includes(command);
          return (
            <div key={command}>
              <button
                type="button"
                className={open === command ? ui.primaryButton : ui.secondaryButton}
                aria-expanded={open === command}
                aria-describedby={barred ? 'four-eyes-notice' : undefined}
                disabled={barred}
                onClick={() => {
                  setSent(null);
                  setOpen(open === command ? null : command);
                }}
              >
                {name(command)}
              </button>
            </div>
          );
        })}
      </div>
      {reviewer && mine.some((command) => FOUR_EYES_COMMANDS.includes(command)) && (
        <p id="four-eyes-notice" className="mt-2 font-bold text-error-2">
          {t('youCannotApprove', { who: session.id })}
        </p>
      )}
      {open && (
        <CommandForm
          key={`${open}-${item.revision}`}
          command={open}
          applicationId={item.applicationId}
          onCancel={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            // Said once the page shows the case after the command (the refetch is done).
            void queryClient
              .invalidateQueries({ queryKey: ['case', item.applicationId] })
              .then(() => setSent(open));
          }}
        />
      )}
    </Section>
  );
}

function Facts({ item }: { item: Case }) {
  const { t } = useTranslation('casePage');
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const { ref, amounts } = item;
  const quantity = amounts.requested.quantity;
  const rows: [string, React.ReactNode][] = [
    [t('fact.applicationId'), <span className="font-mono">{ref.applicationId}</span>],
    [t('fact.program'), amounts.granted?.calculation.context.programName ?? ref.programId],
    [t('fact.menu'), amounts.granted?.calculation.context.menuName ?? ref.menuId],
    [t('fact.fiscalYear'), <FiscalYear year={ref.fiscalYear} />],
    [t('fact.programYear'), t('fact.programYearValue', { year: ref.programYear })],
    [
      t('fact.recipient'),
      `${tt(`kind.${ref.recipient.kind}`, { defaultValue: ref.recipient.kind })} ${ref.recipient.id}`,
    ],
    [t('fact.municipalityCode'), ref.recipient.municipalityCode],
    [t('fact.requested'), amounts.requested.amount === null ? '—' : yen(amounts.requested.amount)],
    [
      t('fact.plannedExpenditure'),
      amounts.requested.plannedExpenditure === undefined ? '—' : yen(amounts.requested.plannedExpenditure),
    ],
    [
      t('fact.otherIncome'),
      amounts.requested.otherIncome === undefined ? '—' : yen(amounts.requested.otherIncome),
    ],
    ...(quantity && Object.keys(quantity).length > 0
      ? ([
          [
            t('fact.quantity'),
            Object.entries(quantity)
              .map(([unit, count]) => `${unit} ${String(count)}`)
              .join('、'),
          ],
        ] as [string, string][])
      : []),
    [t('fact.paid'), yen(amounts.paid)],
    ...(amounts.refundOrdered > 0
      ? ([
          [t('fact.refundOrdered'), yen(amounts.refundOrdered)],
          [t('fact.refunded'), yen(amounts.refunded)],
        ] as [string, string][])
      : []),
  ];
  return (
    <Section id="facts" title={t('facts')}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-bold">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

/** 四つの目, visible before anyone tries: who reviewed, and whether the signed-in approver may decide. */
function FourEyes({ item, session }: { item: Case; session: Session }) {
  const { t } = useTranslation('casePage');
  const reviewer = item.reviewerIds.includes(session.id);
  return (
    <Section id="four-eyes" title={t('fourEyes')}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        <dt className="font-bold">{t('reviewers')}</dt>
        <dd>{item.reviewerIds.length > 0 ? item.reviewerIds.join('、') : t('noReviewer')}</dd>
      </dl>
      <p className="mt-2">
        {item.reviewerIds.length > 0
          ? t('approverRuleNamed', { reviewers: item.reviewerIds.join('、') })
          : t('approverRule')}
      </p>
      {session.role === 'approver' && (
        <p className={`mt-1 font-bold ${reviewer ? 'text-error-2' : 'text-success-2'}`}>
          {reviewer ? t('youCannotApprove', { who: session.id }) : t('youMayApprove', { who: session.id })}
        </p>
      )}
    </Section>
  );
}

function Eligibility({ item }: { item: Case }) {
  const { t, i18n } = useTranslation('casePage');
  const eligibility = item.eligibility;
  return (
    <Section id="eligibility" title={t('eligibility')}>
      {eligibility === null ? (
        <p>{t('eligibilityNone')}</p>
      ) : (
        <>
          <p className={`mb-2 font-bold ${eligibility.eligible ? 'text-success-2' : 'text-error-2'}`}>
            {eligibility.eligible ? t('eligible') : t('notEligible')}
          </p>
          <div className="overflow-x-auto">
            <table className={ui.table}>
              <caption className="mb-1 text-left text-sm">
                {t('eligibilityCaption', {
                  version: eligibility.versionId,
                  reviewer: eligibility.reviewerId,
                })}{' '}
                <Day day={eligibility.reviewedOn} />
              </caption>
              <HeaderRow
                names={(['check', 'status', 'reason', 'source'] as const).map((column) =>
                  t(`checkColumns.${column}`),
                )}
              />
              <tbody>
                {eligibility.checks.map((check) => (
                  <tr key={check.checkId} className={check.status === 'failed' ? 'bg-red-50' : ''}>
                    <td className={`${ui.td} font-mono text-xs`}>{check.checkId}</td>
                    <td className={`${ui.td} whitespace-nowrap`}>
                      {t(`checkStatus.${check.status as 'passed' | 'failed' | 'notApplicable'}`)}
                    </td>
                    <td className={ui.td}>{i18n.language === 'en' ? check.reason.en : check.reason.ja}</td>
                    <td className={`${ui.td} text-xs`}>
                      {check.source ? `${check.source.seed} § ${check.source.section}` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}

/** The history as a vertical timeline, oldest first: what happened, who, when (和暦). */
function History({ item }: { item: Case }) {
  const { t } = useTranslation('casePage');
  const names = useCodeNames();
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  return (
    <Section id="history" title={t('history')}>
      <ol className="relative ml-2 border-l-2 border-key-900">
        {item.history.map((entry, index) => (
          <li key={index} className="mb-4 ml-4">
            <span
              aria-hidden="true"
              className="absolute -left-[7px] mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-key-900"
            />
            <p className="font-bold">{tt(`event.${entry.type}`, { defaultValue: entry.type })}</p>
            <p className="text-sm">
              {t('historyBy', { who: entry.actorId, role: names.role(entry.actorRole) })}
              <span className="mx-1">·</span>
              <Day day={tokyoDayOf(entry.at)} />
            </p>
            {entry.reason && (
              <p className="text-sm text-solid-gray-700">{t('historyReason', { reason: entry.reason })}</p>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}
