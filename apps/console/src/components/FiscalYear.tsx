import { useTranslation } from 'react-i18next';
import { fiscalYearLabel } from '../format.ts';

/** A fiscal year: 令和8年度 with 2026年度 on hover; in English, FY2026 with the 和暦 on hover. */
export function FiscalYear({ year }: { year: number }) {
  const { i18n } = useTranslation();
  const wareki = fiscalYearLabel(year);
  return i18n.language === 'en' ? (
    <span title={wareki}>FY{year}</span>
  ) : (
    <span title={`${year}年度`}>{wareki}</span>
  );
}
