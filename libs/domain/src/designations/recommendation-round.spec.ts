import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../shared/actor.ts';
import { foldEvents } from '../shared/decider.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { RecommendationRoundCommand } from './recommendation-round-commands.ts';
import { recommendationRoundDecider } from './recommendation-round-decider.ts';
import type { RecommendationRoundEvent } from './recommendation-round-events.ts';
import { currentDesignations } from './recommendation-round-state.ts';
import { designationStatus } from './designation-status.ts';
import { publicationToCsv, publicationToHtml, publicationToJson } from './designation-publication.ts';
import { dueDesignationSteps } from './designation-cycle-steps.ts';

const caseworker: Actor = { id: 'cw-1', role: 'caseworker' };
const system: Actor = { id: 'system', role: 'system' };
const hachioji: Actor = { id: 'm-1', role: 'municipality', municipalityCode: '132012' };
const MUNICIPALITIES = ['131016', '131024', '132012'];
const jst = (date: string) => new Date(`${date}T10:00:00+09:00`);

type Data<T extends RecommendationRoundCommand['type']> = Extract<
  RecommendationRoundCommand,
  { type: T }
>['data'];
const command = <T extends RecommendationRoundCommand['type']>(
  type: T,
  data: Data<T>,
  at: string,
  actor: Actor = caseworker,
  reason?: string,
): RecommendationRoundCommand => ({ type, data, at: jst(at), actor, reason }) as RecommendationRoundCommand;

/** given(events).when(command) → the events decided, or the DomainError thrown. */
const given = (...history: RecommendationRoundEvent[]) => ({
  when: (cmd: RecommendationRoundCommand) => {
    const state = foldEvents(recommendationRoundDecider, history);
    try {
      return { events: recommendationRoundDecider.decide(cmd, state), error: undefined };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { events: undefined, error };
    }
  },
});

const decided = (
  history: RecommendationRoundEvent[],
  cmd: RecommendationRoundCommand,
): RecommendationRoundEvent[] => {
  const { events, error } = given(...history).when(cmd);
  if (error) throw error;
  return [...history, ...events!];
};

const opened = decided(
  [],
  command('OpenRecommendationRound', { fiscalYear: 2024, municipalityCodes: MUNICIPALITIES }, '2024-11-01'),
);
const consultation = { parties: ['八王子市医師会'], heldOn: '2025-01-20', summary: '推薦候補について協議' };
const recommend = (
  id: string,
  institutionId: string,
  homeCareSupport: boolean,
  at = '2025-02-10',
  code = '132012',
) =>
  command(
    'RecommendInstitution',
    {
      recommendationId: id,
      municipalityCode: code,
      institution: { institutionId, name: `医療機関${institutionId}`, homeCareSupport },
      consultation,
    },
    at,
    hachioji,
  );

describe('recommendation round (推薦 → 指定)', () => {
  it('given no round, when opened for 令和6年度, then the calendar defaults to 11/1, 2月末, 3/14, 3/31', () => {
    expect(opened[0]).toEqual({
      type: 'RecommendationRoundOpened',
      data: {
        fiscalYear: 2024,
        calendar: {
          noticeDate: '2024-11-01',
          recommendationDeadline: '2025-02-28',
          designationCutoff: '2025-03-14',
          publicationDueDate: '2025-03-31',
        },
        municipalityCodes: MUNICIPALITIES,
        openedOn: '2024-11-01',
      },
    });
  });

  it('given a leap year, the deadline is 29 February', () => {
    const [event] = decided(
      [],
      command(
        'OpenRecommendationRound',
        { fiscalYear: 2027, municipalityCodes: MUNICIPALITIES },
        '2027-11-01',
      ),
    );
    expect(event!.data).toMatchObject({ calendar: { recommendationDeadline: '2028-02-29' } });
  });

  it('refuses a calendar whose cut-off comes before the deadline, naming the field', () => {
    const { error } = given().when(
      command(
        'OpenRecommendationRound',
        {
          fiscalYear: 2024,
          municipalityCodes: MUNICIPALITIES,
          calendar: { designationCutoff: { year: 2025, month: 2, day: 1 } },
        },
        '2024-11-01',
      ),
    );
    expect(error).toMatchObject({
      code: 'INVALID_DESIGNATION_CALENDAR',
      details: { field: 'designationCutoff' },
    });
  });

  it('refuses to open a round twice', () => {
    expect(
      given(...opened).when(
        command(
          'OpenRecommendationRound',
          { fiscalYear: 2024, municipalityCodes: MUNICIPALITIES },
          '2024-11-02',
        ),
      ).error,
    ).toMatchObject({ code: 'ROUND_ALREADY_OPEN' });
  });

  it('given a home-care support clinic recommended with its consultation record, records it without a warning', () => {
    const { events } = given(...opened).when(recommend('r-1', 'inst-1', true));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'InstitutionRecommended',
        data: expect.objectContaining({ late: false, warnings: [], recommendedOn: '2025-02-10' }),
      }),
    ]);
  });

  it('given an institution that is not a home-care support clinic/hospital, accepts it with a warning to acknowledge', () => {
    const { events } = given(...opened).when(recommend('r-1', 'inst-1', false));
    expect(events![0]!.data).toMatchObject({ warnings: ['NOT_HOME_CARE_SUPPORT_INSTITUTION'] });
  });

  it.each([['another municipality', { ...hachioji, municipalityCode: '131016' }, 'OUT_OF_SCOPE']])(
    'refuses a recommendation by %s',
    (_, actor, code) => {
      const cmd = { ...recommend('r-1', 'inst-1', true), actor } as RecommendationRoundCommand;
      expect(given(...opened).when(cmd).error).toMatchObject({ code });
    },
  );

  it('refuses a recommendation without a consultation record, or for a municipality not notified, or twice for one institution', () => {
    const noConsultation = command(
      'RecommendInstitution',
      {
        recommendationId: 'r-1',
        municipalityCode: '132012',
        institution: { institutionId: 'i', name: 'x', homeCareSupport: true },
        consultation: { ...consultation, parties: [] },
      },
      '2025-02-10',
      hachioji,
    );
    expect(given(...opened).when(noConsultation).error).toMatchObject({
      code: 'CONSULTATION_REQUIRED',
      details: { field: 'consultation.parties' },
    });
    expect(given(...opened).when(recommend('r-1', 'i', true, '2025-02-10', '139999')).error).toMatchObject({
      code: 'UNKNOWN_MUNICIPALITY',
    });
    const once = decided(opened, recommend('r-1', 'inst-1', true));
    expect(given(...once).when(recommend('r-2', 'inst-1', true)).error).toMatchObject({
      code: 'DUPLICATE_RECOMMENDATION',
      details: { field: 'institution.institutionId' },
    });
  });

  it('refuses to designate before the cut-off', () => {
    const history = decided(opened, recommend('r-1', 'inst-1', true));
    expect(
      given(...history).when(command('DesignateRecommendedInstitutions', {}, '2025-03-13', system)).error,
    ).toMatchObject({
      code: 'BEFORE_DESIGNATION_CUTOFF',
      details: { expected: 'on or after 2025-03-14' },
    });
  });

  it('at the cut-off designates every pending recommendation whose warnings were acknowledged, and nothing twice', () => {
    let history = decided(opened, recommend('r-1', 'inst-1', true));
    history = decided(history, recommend('r-2', 'inst-2', false));
    history = decided(history, recommend('r-3', 'inst-3', true));
    history = decided(
      history,
      command(
        'WithdrawRecommendation',
        { recommendationId: 'r-3' },
        '2025-02-20',
        hachioji,
        '医療機関の辞退',
      ),
    );
    const atCutoff = given(...history).when(
      command('DesignateRecommendedInstitutions', {}, '2025-03-14', system),
    ).events!;
    expect(atCutoff.map((e) => e.data)).toEqual([
      expect.objectContaining({ institutionId: 'inst-1', batch: 'cutoff', designatedOn: '2025-03-14' }),
    ]);
    history = [...history, ...atCutoff];
    expect(
      given(...history).when(command('DesignateRecommendedInstitutions', {}, '2025-03-14', system)).events,
    ).toEqual([]);

    // The warning acknowledged later, and a late recommendation: designated as they arrive (順次指定).
    const acknowledged = given(...history).when(
      command('AcknowledgeRecommendationWarning', { recommendationId: 'r-2' }, '2025-03-20'),
    ).events!;
    expect(acknowledged.map((e) => [e.type, e.data])).toEqual([
      ['RecommendationWarningAcknowledged', expect.objectContaining({ recommendationId: 'r-2' })],
      [
        'InstitutionDesignated',
        expect.objectContaining({ institutionId: 'inst-2', batch: 'rolling', designatedOn: '2025-03-20' }),
      ],
    ]);
    history = [...history, ...acknowledged];
    const late = given(...history).when(recommend('r-4', 'inst-4', true, '2025-04-02')).events!;
    expect(late.map((e) => [e.type, e.data])).toEqual([
      ['InstitutionRecommended', expect.objectContaining({ recommendationId: 'r-4', late: true })],
      [
        'InstitutionDesignated',
        expect.objectContaining({ institutionId: 'inst-4', batch: 'rolling', designatedOn: '2025-04-02' }),
      ],
    ]);
    history = [...history, ...late];
    expect(
      given(...history).when(command('DesignateRecommendedInstitutions', {}, '2025-04-03', system)).events,
    ).toEqual([]);
    expect(
      currentDesignations(foldEvents(recommendationRoundDecider, history)).map((d) => d.institutionId),
    ).toEqual(['inst-1', 'inst-2', 'inst-4']);
  });

  it('given the cut-off has passed, when a recommendation with a warning arrives, then it waits for the acknowledgement; before the cut-off nothing is designated on arrival', () => {
    const beforeCutoff = given(...opened).when(recommend('r-1', 'inst-1', true, '2025-03-13')).events!;
    expect(beforeCutoff.map((e) => e.type)).toEqual(['InstitutionRecommended']);
    const withWarning = given(...opened).when(recommend('r-2', 'inst-2', false, '2025-03-20')).events!;
    expect(withWarning.map((e) => e.type)).toEqual(['InstitutionRecommended']);
    const acknowledgedEarly = given(...opened, ...withWarning).when(
      command('AcknowledgeRecommendationWarning', { recommendationId: 'r-2' }, '2025-03-21'),
    ).events!;
    expect(acknowledgedEarly.map((e) => e.type)).toEqual([
      'RecommendationWarningAcknowledged',
      'InstitutionDesignated',
    ]);
    const onCutoffDay = given(...opened).when(recommend('r-3', 'inst-3', true, '2025-03-14')).events!;
    expect(onCutoffDay.at(-1)).toMatchObject({
      type: 'InstitutionDesignated',
      data: { institutionId: 'inst-3', batch: 'cutoff', designatedOn: '2025-03-14' },
    });
  });

  it('refuses a withdrawal without a reason or after designation', () => {
    const history = decided(opened, recommend('r-1', 'inst-1', true));
    expect(
      given(...history).when(
        command('WithdrawRecommendation', { recommendationId: 'r-1' }, '2025-02-20', hachioji),
      ).error,
    ).toMatchObject({ code: 'REASON_REQUIRED' });
    const designated = decided(
      history,
      command('DesignateRecommendedInstitutions', {}, '2025-03-14', system),
    );
    expect(
      given(...designated).when(
        command('WithdrawRecommendation', { recommendationId: 'r-1' }, '2025-03-20', hachioji, '辞退'),
      ).error,
    ).toMatchObject({ code: 'RECOMMENDATION_NOT_PENDING' });
  });

  it('given a published list, when the same list with the same hubs is published again (a job run twice), then nothing is recorded; other hubs are a new version', () => {
    let history = decided(opened, recommend('r-1', 'inst-1', true));
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-03-14', system));
    history = decided(
      history,
      command('PublishDesignationList', { coordinationHubs: ['132012', '131016'] }, '2025-03-31', system),
    );
    const again = command(
      'PublishDesignationList',
      { coordinationHubs: ['131016', '132012'] },
      '2025-03-31',
      system,
    );
    expect(given(...history).when(again).events).toEqual([]);
    const otherHubs = given(...history).when(
      command('PublishDesignationList', { coordinationHubs: ['132012'] }, '2025-04-01', system),
    ).events!;
    expect(otherHubs).toEqual([
      expect.objectContaining({
        type: 'DesignationListPublished',
        data: expect.objectContaining({ version: 2 }),
      }),
    ]);
  });

  it('revokes a designation with a reason; the next publication leaves it out; publications are numbered versions', () => {
    let history = decided(opened, recommend('r-1', 'inst-1', true));
    history = decided(history, recommend('r-2', 'inst-2', true));
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-03-14', system));
    history = decided(
      history,
      command('PublishDesignationList', { coordinationHubs: ['132012', '131016'] }, '2025-03-28', system),
    );
    expect(
      given(...history).when(command('RevokeDesignation', { institutionId: 'inst-1' }, '2025-06-01')).error,
    ).toMatchObject({ code: 'REASON_REQUIRED' });
    history = decided(
      history,
      command(
        'RevokeDesignation',
        { institutionId: 'inst-1' },
        '2025-06-01',
        caseworker,
        '在宅療養支援診療所の届出取下げ',
      ),
    );
    history = decided(
      history,
      command('PublishDesignationList', { coordinationHubs: ['132012'] }, '2025-06-02', system),
    );
    const publications = history
      .filter((e) => e.type === 'DesignationListPublished')
      .map(
        (e) =>
          e.data as {
            readonly version: number;
            readonly institutions: readonly { readonly institutionId: string }[];
            readonly coordinationHubs: readonly string[];
          },
      );
    expect(
      publications.map((p) => [p.version, p.institutions.map((i) => i.institutionId), p.coordinationHubs]),
    ).toEqual([
      [1, ['inst-1', 'inst-2'], ['131016', '132012']],
      [2, ['inst-2'], ['132012']],
    ]);
    expect(
      given(...history).when(
        command('RevokeDesignation', { institutionId: 'inst-1' }, '2025-06-03', caseworker, 'again'),
      ).error,
    ).toMatchObject({ code: 'NOT_DESIGNATED' });
  });

  it('issues the follow-up survey to the designated institutions once, and records only their answers', () => {
    let history = decided(opened, recommend('r-1', 'inst-1', true));
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-03-14', system));
    history = decided(
      history,
      command('IssueFollowUpSurvey', { surveyId: 'fy2024-1', dueDate: '2025-05-31' }, '2025-04-01', system),
    );
    expect(history.at(-1)).toEqual({
      type: 'FollowUpSurveyIssued',
      data: { surveyId: 'fy2024-1', institutionIds: ['inst-1'], dueDate: '2025-05-31' },
    });
    expect(
      given(...history).when(
        command('IssueFollowUpSurvey', { surveyId: 'fy2024-1', dueDate: '2025-05-31' }, '2025-04-01', system),
      ).events,
    ).toEqual([]);
    expect(
      given(...history).when(
        command(
          'RecordFollowUpSurveyAnswer',
          { surveyId: 'fy2024-1', institutionId: 'inst-9', answers: {} },
          '2025-04-10',
        ),
      ).error,
    ).toMatchObject({ code: 'NOT_SURVEYED' });
    expect(
      given(...history).when(
        command(
          'RecordFollowUpSurveyAnswer',
          { surveyId: 'fy2024-1', institutionId: 'inst-1', answers: { q1: '夜間の往診を実施' } },
          '2025-04-10',
        ),
      ).events,
    ).toHaveLength(1);
  });

  it('reports the status in the seed form: municipalities with designations, institutions, municipalities in adjustment', () => {
    let history = decided(opened, recommend('r-1', 'inst-1', true));
    history = decided(history, recommend('r-2', 'inst-2', true));
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-03-14', system));
    const state = foldEvents(recommendationRoundDecider, history);
    expect(designationStatus(state.municipalityCodes, currentDesignations(state))).toEqual({
      municipalitiesWithDesignations: 1,
      designatedInstitutions: 2,
      municipalitiesInAdjustment: 2,
      municipalityCodesInAdjustment: ['131016', '131024'],
    });
  });

  it('reproduces the seed figures: 41 municipalities with 171 institutions, 21 in adjustment, of 62', () => {
    const codes = Array.from({ length: 62 }, (_, i) => `13${String(i).padStart(4, '0')}`);
    const designations = Array.from({ length: 171 }, (_, i) => ({
      institutionId: `i${i}`,
      name: `医療機関${i}`,
      municipalityCode: codes[i % 41]!,
      designatedOn: '2025-03-14',
    }));
    expect(designationStatus(codes, designations)).toMatchObject({
      municipalitiesWithDesignations: 41,
      designatedInstitutions: 171,
      municipalitiesInAdjustment: 21,
    });
  });
});

describe('publication formats', () => {
  const publication = {
    fiscalYear: 2024,
    version: 1,
    publishedOn: '2025-03-28',
    institutions: [
      {
        institutionId: 'i-1',
        name: '医療法人社団 "あおば", 診療所',
        municipalityCode: '132012',
        designatedOn: '2025-03-14',
      },
    ],
    coordinationHubs: [{ municipalityCode: '132012', name: '八王子市' }],
    municipalityNames: { '132012': '八王子市' },
  };

  it('CSV opens in Excel: BOM, Japanese headers, CRLF, quoted names', () => {
    const csv = publicationToCsv(publication);
    expect(csv.startsWith('\uFEFF区分,区市町村コード,区市町村名,医療機関ID,医療機関名,指定日\r\n')).toBe(
      true,
    );
    expect(csv).toContain(
      '在宅療養において積極的役割を担う医療機関,132012,八王子市,i-1,"医療法人社団 ""あおば"", 診療所",2025-03-14\r\n',
    );
    expect(csv).toContain('在宅療養に必要な連携を担う拠点,132012,八王子市,,,\r\n');
  });

  it('HTML escapes names and says the version; JSON carries both lists', () => {
    const html = publicationToHtml({
      ...publication,
      institutions: [{ ...publication.institutions[0]!, name: '<script>' }],
    });
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('2024年度 第1版');
    expect(JSON.parse(publicationToJson(publication))).toMatchObject({
      activeRoleInstitutions: [{ municipalityName: '八王子市' }],
      coordinationHubs: [{ name: '八王子市' }],
    });
  });
});

describe('the cycle steps the daily job issues', () => {
  const stateOf = (history: RecommendationRoundEvent[]) => foldEvents(recommendationRoundDecider, history);

  it('reminds in February only those without a recommendation, once a day', () => {
    const history = decided(opened, recommend('r-1', 'inst-1', true, '2025-01-30'));
    expect(dueDesignationSteps(stateOf(history), '2025-01-31')).toEqual([]);
    expect(dueDesignationSteps(stateOf(history), '2025-02-01')).toEqual([
      'RemindMunicipalitiesWithoutRecommendation',
    ]);
    expect(dueDesignationSteps(stateOf(history), '2025-02-21')).toEqual([
      'RemindMunicipalitiesWithoutRecommendation',
    ]);
    const reminded = decided(
      history,
      command('RemindMunicipalitiesWithoutRecommendation', {}, '2025-02-01', system),
    );
    expect(reminded.at(-1)!.data).toEqual({
      municipalityCodes: ['131016', '131024'],
      remindedOn: '2025-02-01',
    });
    expect(
      given(...reminded).when(command('RemindMunicipalitiesWithoutRecommendation', {}, '2025-02-01', system))
        .events,
    ).toEqual([]);
  });

  it('closes after the deadline, designates from the cut-off, publishes and surveys from the publication date, and re-publishes only when the list changed', () => {
    let history = decided(opened, recommend('r-1', 'inst-1', true));
    expect(
      given(...history).when(command('CloseRecommendationWindow', {}, '2025-02-28', system)).error,
    ).toMatchObject({ code: 'BEFORE_RECOMMENDATION_DEADLINE' });
    expect(dueDesignationSteps(stateOf(history), '2025-03-01')).toEqual(['CloseRecommendationWindow']);
    history = decided(history, command('CloseRecommendationWindow', {}, '2025-03-01', system));
    expect(dueDesignationSteps(stateOf(history), '2025-03-14')).toEqual(['DesignateRecommendedInstitutions']);
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-03-14', system));
    expect(dueDesignationSteps(stateOf(history), '2025-03-31')).toEqual([
      'DesignateRecommendedInstitutions',
      'PublishDesignationList',
      'IssueFollowUpSurvey',
    ]);
    history = decided(
      history,
      command('PublishDesignationList', { coordinationHubs: [] }, '2025-03-31', system),
    );
    history = decided(
      history,
      command('IssueFollowUpSurvey', { surveyId: 's', dueDate: '2025-05-31' }, '2025-03-31', system),
    );
    expect(dueDesignationSteps(stateOf(history), '2025-04-01')).toEqual(['DesignateRecommendedInstitutions']);
    history = decided(history, recommend('r-2', 'inst-2', true, '2025-04-02'));
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-04-03', system));
    expect(dueDesignationSteps(stateOf(history), '2025-04-04')).toEqual([
      'DesignateRecommendedInstitutions',
      'PublishDesignationList',
    ]);
  });

  it('a round without any designation publishes its (empty) list but surveys nobody until its first designation', () => {
    let history = decided(opened, command('CloseRecommendationWindow', {}, '2025-03-01', system));
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-03-14', system));
    expect(dueDesignationSteps(stateOf(history), '2025-03-31')).toEqual([
      'DesignateRecommendedInstitutions',
      'PublishDesignationList',
    ]);
    history = decided(
      history,
      command('PublishDesignationList', { coordinationHubs: [] }, '2025-03-31', system),
    );
    history = decided(history, recommend('r-9', 'inst-9', true, '2025-06-02'));
    history = decided(history, command('DesignateRecommendedInstitutions', {}, '2025-06-03', system));
    expect(dueDesignationSteps(stateOf(history), '2025-06-04')).toEqual([
      'DesignateRecommendedInstitutions',
      'PublishDesignationList',
      'IssueFollowUpSurvey',
    ]);
  });
});
