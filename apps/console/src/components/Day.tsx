import { useTranslation } from 'react-i18next';
import { englishDate, gregorianDate, japaneseDate } from '../format.ts';

/** A calendar day (YYYY-MM-DD): 令和8年11月29日 with the 西暦 on hover; in English, 29 Nov 2026 with the 和暦 on hover. */
export function Day({ day }: { day: string }) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <time dateTime={day} title={english ? japaneseDate(day) : gregorianDate(day)}>
      {english ? englishDate(day) : japaneseDate(day)}
    </time>
  );
}
