import { Day } from '../../components/Day.tsx';
import { tokyoDayOf } from '../../format.ts';

const TOKYO_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Tokyo',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant (ISO 8601) as its day in Tokyo (和暦, 西暦 on hover) and the time there (JST). */
export function Instant({ at }: { at: string }) {
  return (
    <span className="whitespace-nowrap">
      <Day day={tokyoDayOf(at)} /> {TOKYO_TIME.format(new Date(at))}
    </span>
  );
}
