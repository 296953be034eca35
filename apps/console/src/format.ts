/**
 * How the console writes dates and amounts (issue #16): dates in 和暦 (令和8年11月29日) with the 西暦 on
 * hover, amounts as 1,234,000円. The api sends calendar days as YYYY-MM-DD (Tokyo) and yen as integers.
 */
const JAPANESE_DATE = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
const GREGORIAN_DATE = new Intl.DateTimeFormat('ja-JP', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
const YEN = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });
const TOKYO_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function calendarDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a calendar day: ${day}`);
  return new Date(`${day}T00:00:00Z`);
}

/** 2026-11-29 → 令和8年11月29日 (the first year of an era as 元年). */
export function japaneseDate(day: string): string {
  return JAPANESE_DATE.format(calendarDay(day));
}

/** 2026-11-29 → 2026年11月29日 (the 西暦 shown on hover). */
export function gregorianDate(day: string): string {
  return GREGORIAN_DATE.format(calendarDay(day));
}

/** 1234000 → 1,234,000円. */
export function yen(amount: number): string {
  return `${YEN.format(amount)}円`;
}

/** Today's calendar day in Tokyo, YYYY-MM-DD. */
export function tokyoToday(now: Date = new Date()): string {
  return TOKYO_DAY.format(now);
}

/** Due before today (Tokyo): the work queue shows it first and marks it 期限超過. */
export function isOverdue(dueDate: string | null, today: string): boolean {
  return dueDate !== null && dueDate < today;
}

/** The fiscal year (年度: 1 April – 31 March) a calendar day (YYYY-MM-DD) falls in. */
export function fiscalYearOf(day: string): number {
  calendarDay(day); // refuses what is no calendar day
  const [year, month] = day.split('-').map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}

/** The fiscal year of today in Tokyo. */
export function currentFiscalYear(now: Date = new Date()): number {
  return fiscalYearOf(tokyoToday(now));
}

/** 年度 as the 和暦 year of its 1 April: 2026 → 令和8年度 (the first year of an era as 元年度). */
export function fiscalYearLabel(year: number): string {
  return `${japaneseDate(`${year}-04-01`).replace(/\d+月\d+日$/, '')}度`;
}

const ENGLISH_DATE = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** 2026-11-29 → 29 Nov 2026 (the English toggle; the 和暦 is then on hover). */
export function englishDate(day: string): string {
  return ENGLISH_DATE.format(calendarDay(day));
}

/** An instant (ISO 8601) as its calendar day in Tokyo, YYYY-MM-DD. */
export function tokyoDayOf(instant: string): string {
  return tokyoToday(new Date(instant));
}

/** The eras a fiscal year may be written in (年度 start in April, so an era's first 年度 is its 元年度). */
const ERAS: ReadonlyArray<{ names: readonly string[]; offset: number; first: number; last: number }> = [
  { names: ['令和', 'R'], offset: 2018, first: 2019, last: 9999 },
  { names: ['平成', 'H'], offset: 1988, first: 1989, last: 2019 },
];

/**
 * A fiscal year as an office writes it, in 西暦 or 和暦: `2026`, `2026年度`, `令和8年度`, `令和8`, `R8`,
 * `平成30年度`, `H30`, `令和元年度` → its 西暦 year; anything else → undefined. Full-width digits count.
 */
export function parseFiscalYear(text: string): number | undefined {
  const written = text
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, '')
    .replace(/年度?$/, '')
    .toUpperCase();
  if (/^\d{4}$/.test(written)) return Number(written);
  for (const era of ERAS) {
    for (const name of era.names) {
      if (!written.startsWith(name.toUpperCase())) continue;
      const number = written.slice(name.length);
      const n = number === '元' ? 1 : /^\d{1,4}$/.test(number) ? Number(number) : NaN;
      const year = era.offset + n;
      if (n >= 1 && year >= era.first && year <= era.last) return year;
    }
  }
  return undefined;
}
