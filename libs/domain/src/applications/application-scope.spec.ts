import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../shared/given-when-then.ts';
import { command, decider, hospital, transitionSupportTerms } from './__fixtures__/application-histories.ts';

const given = deciderSpec(decider);

describe('an institution applies only as itself', () => {
  it('not as a municipality, even under its own id → OUT_OF_SCOPE', () => {
    const posing = transitionSupportTerms({
      programId: 'municipal-home-care-promotion',
      menuId: 'medical-coordination',
      fiscalYear: 2016,
      quantity: { units: 1 },
      recipient: { kind: 'municipality', id: 'hosp-1', municipalityCode: '131016' },
    });
    const error = given([])
      .when(command('DraftApplication', posing, '2016-04-05', hospital))
      .thenThrows('OUT_OF_SCOPE');
    expect(error.details).toMatchObject({ field: 'recipient.kind', value: 'municipality' });
  });

  it('as its own hospital it may', () => {
    const events = given([])
      .when(command('DraftApplication', transitionSupportTerms(), '2016-04-05', hospital))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ApplicationDrafted']);
  });
});
