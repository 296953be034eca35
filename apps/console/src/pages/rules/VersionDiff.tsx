import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ui } from '../../components/ui.ts';
import { useCatalogue } from './rules-api.ts';

const shown = (value: unknown) => (value === null ? '—' : JSON.stringify(value));

/**
 * 版の比較: a programme's versions (code-defined and entered) and what changed between two of them, value
 * by value (GET /rules/programs/:id/diff). The choice is kept in the URL (`program`, `from`, `to`).
 */
export function VersionDiff({ fiscalYear }: { fiscalYear: number }) {
  const { t, i18n } = useTranslation('rules');
  const [searchParams, setSearchParams] = useSearchParams();
  const catalogue = useCatalogue(fiscalYear);
  const programs = catalogue.data?.programs ?? [];
  const programId = searchParams.get('program') ?? programs[0]?.version.programId ?? '';
  const from = searchParams.get('from');
  const to = searchParams.get('to');
  const versions = useQuery<Schemas['ProgramVersionsDto'], ApiError>({
    queryKey: ['rules', 'versions', programId],
    enabled: programId !== '',
    queryFn: async () =>
      dataOf(await api.GET('/rules/programs/{programId}/versions', { params: { path: { programId } } })),
  });
  const diff = useQuery<Schemas['RuleDiffDto'], ApiError>({
    queryKey: ['rules', 'diff', programId, from, to],
    enabled: programId !== '' && from !== null && to !== null,
    queryFn: async () =>
      dataOf(
        await api.GET('/rules/programs/{programId}/diff', {
          params: { path: { programId }, query: { from: from!, to: to! } },
        }),
      ),
  });
  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams(searchParams);
    for (const name of ['program', 'from', 'to']) next.set(name, String(form.get(name) ?? ''));
    setSearchParams(next);
  };
  const list = versions.data?.versions ?? [];
  const last = list.at(-1)?.versionId;
  return (
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading" className={ui.sectionHeading}>
        {t('diff.heading')}
      </h2>
      <form
        key={`${programId}/${from}/${to}/${list.length}`}
        onSubmit={choose}
        className="mb-4 flex flex-wrap items-end gap-4"
      >
        <div className="text-sm">
          <label htmlFor="diff-program" className="block">
            {t('diff.program')}
          </label>
          <select
            id="diff-program"
            name="program"
            defaultValue={programId}
            className={ui.filterField}
            onChange={(event) => {
              const next = new URLSearchParams(searchParams);
              next.set('program', event.target.value);
              next.delete('from');
              next.delete('to');
              setSearchParams(next);
            }}
          >
            {programs.map(({ version }) => (
              <option key={version.programId} value={version.programId}>
                {i18n.language === 'en' ? version.name.en : version.name.ja}
              </option>
            ))}
          </select>
        </div>
        {(['from', 'to'] as const).map((name) => (
          <div key={name} className="text-sm">
            {/* label and select apart (htmlFor): the select's name is the label's words alone */}
            <label htmlFor={`diff-${name}`} className="block">
              {t(`diff.${name}`)}
            </label>
            <select
              id={`diff-${name}`}
              name={name}
              defaultValue={
                (name === 'from' ? from : to) ?? (name === 'from' ? list.at(-2)?.versionId : last)
              }
              className={ui.filterField}
            >
              {list.map((version) => (
                <option key={version.versionId} value={version.versionId}>
                  {version.versionId}（{version.period.value.from}
                  {version.origin === 'entered' ? '・入力' : ''}）
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit" className={ui.primaryButton} disabled={list.length === 0}>
          {t('diff.compare')}
        </button>
      </form>
      {versions.isError && <ErrorAlert error={versions.error} />}
      {diff.isError && <ErrorAlert error={diff.error} />}
      {diff.isSuccess && (
        <div className="overflow-x-auto">
          <table className={ui.table}>
            <caption className="mb-2 text-left font-bold">
              {t('diff.caption', { from: diff.data.from, to: diff.data.to })}
            </caption>
            <thead className="bg-solid-gray-50">
              <tr>
                {(['path', 'before', 'after'] as const).map((column) => (
                  <th key={column} scope="col" className={ui.th}>
                    {t(`diff.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {diff.data.changes.map((change) => (
                <tr key={change.path}>
                  <td className={`${ui.td} font-mono text-xs`}>{change.path}</td>
                  <td className={`${ui.td} font-mono text-xs`}>{shown(change.before)}</td>
                  <td className={`${ui.td} font-mono text-xs bg-yellow-50`}>{shown(change.after)}</td>
                </tr>
              ))}
              {diff.data.changes.length === 0 && (
                <tr>
                  <td colSpan={3} className="px-3 py-6 text-center">
                    {t('diff.none')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
