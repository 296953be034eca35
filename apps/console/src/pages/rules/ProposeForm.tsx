import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ui } from '../../components/ui.ts';
import { useCommand } from '../../components/use-command.ts';

type Kind = 'json' | 'csv';
/** An INVALID_RULE_DOCUMENT error: each field with its reason, and for CSV its line and column. */
type RuleIssue = { field: string; reason: string; line?: number; column?: number };
type Submission =
  | { kind: 'json'; document: Record<string, unknown> }
  | { kind: 'csv'; csv: string; source: { title: string; date: string; section: string } };

/**
 * 年度の補助要件の提案 (admins): the whole document as JSON, or the programme table as CSV with its source
 * document. All or nothing: the api's INVALID_RULE_DOCUMENT names every field (CSV: line and column), shown
 * under the field they belong to. One Idempotency-Key per submission; the button is off while sending.
 */
export function ProposeForm({ fiscalYear }: { fiscalYear: number }) {
  const { t } = useTranslation('rules');
  const queryClient = useQueryClient();
  const ids = useId();
  const [kind, setKind] = useState<Kind>('csv');
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const propose = useCommand<Submission, Schemas['RuleProposalOutcomeDto']>(
    (submission, headers) =>
      submission.kind === 'json'
        ? api.POST('/rules/fiscal-years/{fiscalYear}/proposals', {
            params: { path: { fiscalYear } },
            body: submission.document,
            headers,
          })
        : api.POST('/rules/fiscal-years/{fiscalYear}/proposals/csv', {
            params: { path: { fiscalYear }, query: submission.source },
            body: submission.csv,
            bodySerializer: (csv: string) => csv,
            headers: { ...headers, 'Content-Type': 'text/csv' },
          }),
    { onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rules'] }) },
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setLocalError(null);
    if (kind === 'json') {
      try {
        const document = JSON.parse(text) as unknown;
        if (typeof document !== 'object' || document === null || Array.isArray(document))
          throw new Error('{ source, programs, schedules }');
        propose.submit({ kind, document: document as Record<string, unknown> });
      } catch (error) {
        setLocalError(t('propose.notJson', { reason: (error as Error).message }));
      }
      return;
    }
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    propose.submit({
      kind,
      csv: text,
      source: { title: field('title'), date: field('date'), section: field('section') },
    });
  };
  const loadFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  };
  const issues = (propose.error?.errors ?? []) as readonly RuleIssue[];
  const sourceIssue = (name: string) => issues.filter((issue) => issue.field === `source.${name}`);
  const documentIssues = issues.filter(
    (issue) => kind === 'json' || !['source.title', 'source.date', 'source.section'].includes(issue.field),
  );
  const textId = `${ids}-text`;
  const textErrorsId = `${ids}-text-errors`;
  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`} className={ui.sectionHeading}>
        {t('propose.heading')}
      </h2>
      <form onSubmit={submit} className="flex max-w-3xl flex-col gap-4">
        <fieldset className="flex gap-6">
          <legend className="mb-1 text-sm">{t('propose.kind')}</legend>
          {(['csv', 'json'] as const).map((option) => (
            <label key={option} className="flex items-center gap-2">
              <input
                type="radio"
                name="kind"
                value={option}
                checked={kind === option}
                onChange={() => {
                  setKind(option);
                  propose.reset();
                }}
              />
              {t(`propose.${option}`)}
            </label>
          ))}
        </fieldset>
        {kind === 'csv' && (
          <>
            {(['title', 'date', 'section'] as const).map((name) => {
              const errors = sourceIssue(name);
              const errorId = `${ids}-${name}-errors`;
              const label = { title: 'sourceTitle', date: 'sourceDate', section: 'sourceSection' } as const;
              return (
                <label key={name} className="block text-sm">
                  {t(`propose.${label[name]}`)}
                  <input
                    name={name}
                    type={name === 'date' ? 'date' : 'text'}
                    required
                    aria-invalid={errors.length > 0 || undefined}
                    aria-describedby={errors.length > 0 ? errorId : undefined}
                    className={ui.field}
                  />
                  {errors.length > 0 && (
                    <span id={errorId} role="alert" className="mt-1 block text-error-2">
                      {errors.map((issue) => issue.reason).join(' / ')}
                    </span>
                  )}
                </label>
              );
            })}
            <label className="block text-sm">
              {t('propose.csvFile')}
              <input
                type="file"
                accept=".csv,text/csv"
                onChange={(event) => void loadFile(event)}
                className="mt-1 block"
              />
            </label>
          </>
        )}
        <div>
          <label htmlFor={textId} className="block text-sm">
            {kind === 'csv' ? t('propose.csvText') : t('propose.document')}
          </label>
          <textarea
            id={textId}
            value={text}
            required
            rows={12}
            spellCheck={false}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={documentIssues.length > 0 || localError !== null || undefined}
            aria-describedby={documentIssues.length > 0 || localError ? textErrorsId : undefined}
            className={`${ui.field} font-mono text-xs`}
          />
          {(documentIssues.length > 0 || localError) && (
            <div id={textErrorsId} role="alert" className="mt-1 text-sm text-error-2">
              <p className="font-bold">{localError ?? t('propose.errorsOf')}</p>
              <ul className="list-disc pl-6">
                {documentIssues.map((issue, i) => (
                  <li key={i}>
                    {issue.line !== undefined && (
                      <>{t('propose.at', { line: issue.line, column: issue.column ?? 1 })} </>
                    )}
                    <code>{issue.field}</code>: {issue.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <div>
          <button type="submit" className={ui.primaryButton} disabled={propose.isPending}>
            {propose.isPending ? t('propose.sending') : t('propose.submit')}
          </button>
        </div>
        {propose.isError && issues.length === 0 && <ErrorAlert error={propose.error} />}
        {propose.isSuccess && (
          <p role="status" className="text-success-2 font-bold">
            {t('propose.proposed', { id: propose.data.proposalId })}
          </p>
        )}
      </form>
    </section>
  );
}
