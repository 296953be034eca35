/** The first instant of a Tokyo calendar day (YYYY-MM-DD), as the api's `from` takes it. */
export function startOfTokyoDay(day: string): string {
  return `${day}T00:00:00+09:00`;
}

/** The first instant after a Tokyo calendar day: the api's `to` is exclusive, the form's day inclusive. */
export function afterTokyoDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return startOfTokyoDay(next.toISOString().slice(0, 10));
}

/** The last instant of a Tokyo calendar day: an as-of date means "as it stood when that day ended". */
export function endOfTokyoDay(day: string): string {
  return `${day}T23:59:59.999+09:00`;
}
