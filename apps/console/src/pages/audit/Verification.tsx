import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ui } from '../../components/ui.ts';
import { Instant } from './Instant.tsx';

/**
 * The result of the tamper check (GET /audit/verification: from the newest signed checkpoint, bounded)
 * and that checkpoint. The whole log is the CLI's `audit verify`; the page says so.
 */
export function Verification() {
  const { t } = useTranslation('audit');
  const loading = useTranslation('common').t('loading');
  const verification = useQuery<Schemas['AuditVerificationDto'], ApiError>({
    queryKey: ['audit-verification'],
    queryFn: async () => dataOf(await api.GET('/audit/verification')),
  });
  return (
    <section aria-labelledby="verification-heading" className="mb-8">
      <h2 id="verification-heading" className={ui.sectionHeading}>
        {t('verification.heading')}
      </h2>
      {verification.isPending && <p>{loading}</p>}
      {verification.isError && <ErrorAlert error={verification.error} />}
      {verification.isSuccess && <Result result={verification.data} />}
      <button
        type="button"
        className={`${ui.secondaryButton} mt-3`}
        disabled={verification.isFetching}
        onClick={() => void verification.refetch()}
      >
        {t('verification.rerun')}
      </button>
    </section>
  );
}

function Result({ result }: { result: Schemas['AuditVerificationDto'] }) {
  const { t } = useTranslation('audit');
  const checkpoint = result.newestCheckpoint;
  return (
    <>
      <p
        role="status"
        className={`mb-3 rounded-8 border p-3 font-bold ${result.ok ? 'border-success-2 bg-green-50 text-success-2' : 'border-error-2 bg-red-50 text-error-2'}`}
      >
        {result.ok ? `OK: ${t('verification.ok')}` : t('verification.broken')}
      </p>
      <p className="mb-2 text-sm">
        {t('verification.scope', { count: result.eventsChecked, max: result.maxEvents })}
      </p>
      {!result.complete && <p className="mb-2 text-sm font-bold">{t('verification.incomplete')}</p>}
      <dl className="mb-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-bold">{t('verification.verifiedAt')}</dt>
        <dd>
          <Instant at={result.verifiedAt} />
        </dd>
        <dt className="font-bold">{t('verification.checkedUpTo')}</dt>
        <dd className="font-mono">{result.checkedUpTo}</dd>
      </dl>
      {result.findings.length > 0 && (
        <>
          <h3 className="mb-2 font-bold">{t('verification.findings')}</h3>
          <ol className="mb-3 list-decimal pl-6 text-sm">
            {result.findings.map((finding, index) => (
              <li key={index}>{finding.description}</li>
            ))}
          </ol>
        </>
      )}
      <h3 className="mb-2 font-bold">{t('verification.checkpoint')}</h3>
      {checkpoint === null ? (
        <p className="text-sm">{t('verification.noCheckpoint')}</p>
      ) : (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-bold">{t('verification.sequence')}</dt>
          <dd>{checkpoint.sequence}</dd>
          <dt className="font-bold">{t('verification.position')}</dt>
          <dd className="font-mono">{checkpoint.position}</dd>
          <dt className="font-bold">{t('verification.eventCount')}</dt>
          <dd>{checkpoint.eventCount.toLocaleString('ja-JP')}</dd>
          <dt className="font-bold">{t('verification.signedAt')}</dt>
          <dd>
            <Instant at={checkpoint.recordedAt} />
          </dd>
          {checkpoint.treeRoot !== null && (
            <>
              <dt className="font-bold">{t('verification.treeRoot')}</dt>
              <dd className="font-mono text-xs break-all">{checkpoint.treeRoot}</dd>
            </>
          )}
          <dt className="font-bold">{t('verification.keyId')}</dt>
          <dd className="font-mono text-xs break-all">{checkpoint.keyId}</dd>
          <dt className="font-bold">{t('verification.signature')}</dt>
          <dd>
            {checkpoint.signatureValid
              ? t('verification.signatureValid')
              : t('verification.signatureInvalid')}
            <br />
            <span className="font-mono text-xs break-all">{checkpoint.signature}</span>
          </dd>
        </dl>
      )}
    </>
  );
}
