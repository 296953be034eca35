import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';
import { ui } from '../../components/ui.ts';
import { yen } from '../../format.ts';
import { HeaderRow } from './parts.tsx';

/**
 * An amount with what produced it, as the domain traced it: the base (× units), expenditure − other
 * income, the smaller of the two, × the rate, 千円未満切捨て; the rule version and the seed sections.
 */
export function AmountTrace({
  id,
  title,
  decision,
}: {
  id: string;
  title: string;
  decision: Schemas['ApplicationCaseDto']['amounts']['granted'] & object;
}) {
  const { t, i18n } = useTranslation('casePage');
  const { trace } = decision.calculation;
  return (
    <div className="mb-6">
      <table className={ui.table} aria-describedby={`${id}-rule`}>
        <caption className="mb-1 text-left font-bold">{title}</caption>
        <HeaderRow
          names={(['step', 'formula', 'value'] as const).map((column) => t(`traceColumns.${column}`))}
        />
        <tbody>
          {trace.steps.map((step) => (
            <tr key={step.key}>
              <td className={ui.td}>{i18n.language === 'en' ? step.label.en : step.label.ja}</td>
              <td className={`${ui.td} font-mono text-xs`}>{step.formula}</td>
              <td className={`${ui.td} text-right whitespace-nowrap`}>
                {/* amounts in yen (their formula says 円); a count (persons) as it is */}
                {typeof step.value === 'number' && step.formula.includes('円') ? yen(step.value) : step.value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div id={`${id}-rule`} className="mt-2 text-sm">
        <p>{t('inputs', { base: yen(trace.inputs.baseAmount), rate: trace.inputs.subsidyRate })}</p>
        {trace.rule && (
          <>
            <p>{t('rule', { version: trace.rule.versionId, from: trace.rule.effectiveFrom })}</p>
            <p>{t('sources')}:</p>
            <ul className="ml-5 list-disc">
              {[...new Set(trace.rule.sources.map((source) => `${source.seed} § ${source.section}`))].map(
                (citation) => (
                  <li key={citation}>{citation}</li>
                ),
              )}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
