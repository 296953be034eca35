// Test support: a multi-year grant's records, decided by the real decider.
import { SEED_CATALOGUE } from '../../rules/seed-catalogue.ts';
import { foldEvents } from '../../shared/decider.ts';
import {
  multiYearGrantDecider,
  type MultiYearGrantCommand,
  type MultiYearGrantEvent,
} from '../multi-year-grant.ts';

const grants = multiYearGrantDecider(SEED_CATALOGUE);
const rollover = { id: 'system:fiscal-year-rollover', role: 'system' as const };

/**
 * The records of a year-1 grant of 在宅療養移行支援事業 (FY2016, menu discharge-staff) to `recipientId`,
 * then the 1 April rollover's advance to each fiscal year of `advanceTo` (an advance past the last
 * programme year records the grant's end).
 */
export function grantRecords(recipientId: string, advanceTo: readonly number[]): MultiYearGrantEvent[] {
  const recipient = { kind: 'hospital' as const, id: recipientId, municipalityCode: '131016' };
  const commands: MultiYearGrantCommand[] = [
    {
      type: 'StartMultiYearGrant',
      data: {
        programId: 'transition-support',
        menuId: 'discharge-staff',
        recipient,
        applicationId: 'app-1',
        fiscalYear: 2016,
      },
      actor: rollover,
      at: new Date('2017-04-01T00:00:00+09:00'),
    },
    ...advanceTo.map((fy): MultiYearGrantCommand => ({
      type: 'AdvanceProgramYear',
      data: { fiscalYear: fy },
      actor: rollover,
      at: new Date(`${fy}-04-01T00:00:00+09:00`),
    })),
  ];
  return commands.reduce<MultiYearGrantEvent[]>(
    (history, each) => [...history, ...grants.decide(each, foldEvents(grants, history))],
    [],
  );
}
