import { formatCalendarDate, tokyoDateOf } from '../shared/calendar-date.ts';
import type { Decider } from '../shared/decider.ts';
import { DomainError } from '../shared/domain-error.ts';
import { fiscalYear } from '../shared/fiscal-year.ts';
import {
  assertCalendarInOrder,
  defaultDesignationCalendar,
  type DesignationCalendar,
} from './designation-calendar.ts';
import type { RecommendationRoundCommand } from './recommendation-round-commands.ts';
import type { DesignationCalendarData, RecommendationRoundEvent } from './recommendation-round-events.ts';
import {
  currentDesignations,
  designatedRecommendationOf,
  evolveRecommendationRound,
  initialRecommendationRoundState,
  municipalitiesWithoutRecommendation,
  type Recommendation,
  type RecommendationRoundState,
} from './recommendation-round-state.ts';

type Handler<T extends RecommendationRoundCommand['type']> = (
  command: Extract<RecommendationRoundCommand, { type: T }>,
  state: RecommendationRoundState,
) => RecommendationRoundEvent[];

const today = (command: RecommendationRoundCommand): string => formatCalendarDate(tokyoDateOf(command.at));

const refuse = (
  code: ConstructorParameters<typeof DomainError>[0],
  field: string,
  value: unknown,
  reason: string,
  expected: string,
): never => {
  throw new DomainError(code, { field, value, reason, expected });
};

function requireOpen(state: RecommendationRoundState): asserts state is RecommendationRoundState & {
  fiscalYear: number;
  calendar: DesignationCalendarData;
} {
  if (!state.opened)
    refuse(
      'ROUND_NOT_OPEN',
      'fiscalYear',
      null,
      'the recommendation round has not been opened',
      'OpenRecommendationRound first',
    );
}

function requireReason(command: RecommendationRoundCommand): string {
  const reason = command.reason?.trim();
  if (!reason)
    refuse(
      'REASON_REQUIRED',
      'reason',
      command.reason ?? null,
      `${command.type} must say why`,
      'a non-empty reason',
    );
  return reason!;
}

function requireRecommendation(state: RecommendationRoundState, id: string): Recommendation {
  const recommendation = state.recommendations.get(id);
  if (!recommendation)
    refuse(
      'UNKNOWN_RECOMMENDATION',
      'recommendationId',
      id,
      'no such recommendation in this round',
      'the id of a recommendation of this round',
    );
  return recommendation!;
}

const open: Handler<'OpenRecommendationRound'> = (command, state) => {
  if (state.opened)
    refuse(
      'ROUND_ALREADY_OPEN',
      'fiscalYear',
      state.fiscalYear,
      'this round is already open',
      'a fiscal year without a round',
    );
  const fy = fiscalYear(command.data.fiscalYear);
  const calendar: DesignationCalendar = { ...defaultDesignationCalendar(fy), ...command.data.calendar };
  assertCalendarInOrder(calendar);
  const codes = command.data.municipalityCodes;
  if (codes.length === 0 || new Set(codes).size !== codes.length) {
    refuse(
      'INVALID_MUNICIPALITIES',
      'municipalityCodes',
      codes.length,
      'empty or with duplicates',
      'every notified municipality once',
    );
  }
  return [
    {
      type: 'RecommendationRoundOpened',
      data: {
        fiscalYear: fy,
        calendar: {
          noticeDate: formatCalendarDate(calendar.noticeDate),
          recommendationDeadline: formatCalendarDate(calendar.recommendationDeadline),
          designationCutoff: formatCalendarDate(calendar.designationCutoff),
          publicationDueDate: formatCalendarDate(calendar.publicationDueDate),
        },
        municipalityCodes: [...codes],
        openedOn: today(command),
      },
    },
  ];
};

const recommend: Handler<'RecommendInstitution'> = (command, state) => {
  requireOpen(state);
  const { recommendationId, municipalityCode, institution, consultation } = command.data;
  if (!state.municipalityCodes.includes(municipalityCode)) {
    refuse(
      'UNKNOWN_MUNICIPALITY',
      'municipalityCode',
      municipalityCode,
      'not among the municipalities notified in this round',
      'one of the 62 Tokyo municipality codes',
    );
  }
  if (command.actor.role === 'municipality' && command.actor.municipalityCode !== municipalityCode) {
    refuse(
      'OUT_OF_SCOPE',
      'municipalityCode',
      municipalityCode,
      `a municipality officer of ${command.actor.municipalityCode ?? '(none)'} cannot recommend for another municipality`,
      'your own municipality code',
    );
  }
  if (state.recommendations.has(recommendationId)) {
    refuse(
      'DUPLICATE_RECOMMENDATION',
      'recommendationId',
      recommendationId,
      'already used in this round',
      'a new recommendation id',
    );
  }
  const active = [...state.recommendations.values()].find(
    (r) =>
      r.institution.institutionId === institution.institutionId &&
      (r.status === 'pending' || r.status === 'designated'),
  );
  if (active) {
    refuse(
      'DUPLICATE_RECOMMENDATION',
      'institution.institutionId',
      institution.institutionId,
      `already recommended (${active.recommendationId}, ${active.status})`,
      'an institution not yet recommended or designated',
    );
  }
  if (consultation.parties.length === 0 || consultation.parties.some((p) => p.trim() === '')) {
    refuse(
      'CONSULTATION_REQUIRED',
      'consultation.parties',
      consultation.parties,
      'the consultation with local stakeholders (地区医師会等) must be recorded',
      'the stakeholders consulted, e.g. ["地区医師会"]',
    );
  }
  if (consultation.heldOn > today(command)) {
    refuse(
      'CONSULTATION_REQUIRED',
      'consultation.heldOn',
      consultation.heldOn,
      'the consultation lies in the future',
      'the date the consultation was held',
    );
  }
  const recommended: RecommendationRoundEvent = {
    type: 'InstitutionRecommended',
    data: {
      recommendationId,
      municipalityCode,
      institution,
      consultation,
      recommendedOn: today(command),
      late: today(command) > state.calendar.recommendationDeadline,
      warnings: institution.homeCareSupport ? [] : ['NOT_HOME_CARE_SUPPORT_INSTITUTION'],
    },
  };
  return [
    recommended,
    ...designatedOnArrival(evolveRecommendationRound(state, recommended), recommendationId, command),
  ];
};

/** A reminder to every municipality without a recommendation yet; at most one a day (jobs may repeat). */
const remind: Handler<'RemindMunicipalitiesWithoutRecommendation'> = (command, state) => {
  requireOpen(state);
  const on = today(command);
  const municipalityCodes = municipalitiesWithoutRecommendation(state);
  if (state.remindedOn.includes(on) || municipalityCodes.length === 0) return [];
  return [{ type: 'MunicipalitiesReminded', data: { municipalityCodes, remindedOn: on } }];
};

/** After the deadline: later recommendations are still taken, marked late and designated as they arrive. */
const closeWindow: Handler<'CloseRecommendationWindow'> = (command, state) => {
  requireOpen(state);
  const on = today(command);
  if (state.windowClosed) return [];
  if (on <= state.calendar.recommendationDeadline) {
    refuse(
      'BEFORE_RECOMMENDATION_DEADLINE',
      'at',
      on,
      'the recommendation window is open until its deadline',
      `after ${state.calendar.recommendationDeadline}`,
    );
  }
  return [
    {
      type: 'RecommendationWindowClosed',
      data: { closedOn: on, recommendations: state.recommendations.size },
    },
  ];
};

const acknowledge: Handler<'AcknowledgeRecommendationWarning'> = (command, state) => {
  const recommendation = requireRecommendation(state, command.data.recommendationId);
  if (recommendation.warnings.length === 0 || recommendation.warningsAcknowledged) {
    refuse(
      'NOTHING_TO_ACKNOWLEDGE',
      'recommendationId',
      recommendation.recommendationId,
      'this recommendation has no unacknowledged warning',
      'a recommendation with a warning',
    );
  }
  const acknowledged: RecommendationRoundEvent = {
    type: 'RecommendationWarningAcknowledged',
    data: { recommendationId: recommendation.recommendationId, acknowledgedBy: command.actor.id },
  };
  return [
    acknowledged,
    ...designatedOnArrival(
      evolveRecommendationRound(state, acknowledged),
      recommendation.recommendationId,
      command,
    ),
  ];
};

const withdraw: Handler<'WithdrawRecommendation'> = (command, state) => {
  const recommendation = requireRecommendation(state, command.data.recommendationId);
  if (recommendation.status !== 'pending') {
    refuse(
      'RECOMMENDATION_NOT_PENDING',
      'recommendationId',
      recommendation.recommendationId,
      `it is ${recommendation.status}: only a recommendation not yet designated can be withdrawn`,
      'a pending recommendation',
    );
  }
  return [
    {
      type: 'RecommendationWithdrawn',
      data: { recommendationId: recommendation.recommendationId, reason: requireReason(command) },
    },
  ];
};

/**
 * At the cut-off, every pending recommendation whose warnings were acknowledged is designated; after it,
 * the same command designates what has arrived since (順次指定). Running it twice designates nothing new.
 */
const designate: Handler<'DesignateRecommendedInstitutions'> = (command, state) => {
  requireOpen(state);
  const on = today(command);
  if (on < state.calendar.designationCutoff) {
    refuse(
      'BEFORE_DESIGNATION_CUTOFF',
      'at',
      on,
      'recommendations are designated from the cut-off on',
      `on or after ${state.calendar.designationCutoff}`,
    );
  }
  return [...state.recommendations.values()]
    .filter(designatable)
    .map((r) => designation(r, on, state.calendar));
};

const designatable = (r: Recommendation): boolean => r.status === 'pending' && r.warningsAcknowledged;

function designation(
  r: Recommendation,
  on: string,
  calendar: DesignationCalendarData,
): RecommendationRoundEvent {
  return {
    type: 'InstitutionDesignated',
    data: {
      recommendationId: r.recommendationId,
      institutionId: r.institution.institutionId,
      name: r.institution.name,
      municipalityCode: r.municipalityCode,
      designatedOn: on,
      batch: on === calendar.designationCutoff ? 'cutoff' : 'rolling',
    },
  };
}

/**
 * 順次指定: from the cut-off on, a recommendation that becomes designatable (it arrives without a
 * warning, or its warning is acknowledged) is designated in the same decision, so the round's status
 * moves at once instead of at the next daily step.
 */
function designatedOnArrival(
  state: RecommendationRoundState,
  recommendationId: string,
  command: RecommendationRoundCommand,
): RecommendationRoundEvent[] {
  const on = today(command);
  const recommendation = state.recommendations.get(recommendationId);
  if (!state.calendar || on < state.calendar.designationCutoff) return [];
  if (!recommendation || !designatable(recommendation)) return [];
  return [designation(recommendation, on, state.calendar)];
}

const revoke: Handler<'RevokeDesignation'> = (command, state) => {
  const designated = designatedRecommendationOf(state, command.data.institutionId);
  if (!designated) {
    refuse(
      'NOT_DESIGNATED',
      'institutionId',
      command.data.institutionId,
      'not designated in this round (or already revoked)',
      'an institution designated in this round',
    );
  }
  return [
    {
      type: 'DesignationRevoked',
      data: {
        institutionId: command.data.institutionId,
        reason: requireReason(command),
        revokedOn: today(command),
      },
    },
  ];
};

const publish: Handler<'PublishDesignationList'> = (command, state) => {
  requireOpen(state);
  const unknown = command.data.coordinationHubs.filter((code) => !state.municipalityCodes.includes(code));
  if (unknown.length > 0) {
    refuse(
      'UNKNOWN_MUNICIPALITY',
      'coordinationHubs',
      unknown,
      'not among the municipalities of this round',
      'municipality codes of this round',
    );
  }
  const institutions = currentDesignations(state);
  const coordinationHubs = [...new Set(command.data.coordinationHubs)].sort();
  // The same list with the same hubs as the last version is no new version: a job run twice (or two
  // workers at one instant, the second deciding again after the first's append) publishes once.
  const last = state.publications.at(-1);
  if (
    last !== undefined &&
    sameList(
      last.institutionIds,
      institutions.map((i) => i.institutionId),
    ) &&
    sameList(last.coordinationHubs, coordinationHubs)
  )
    return [];
  return [
    {
      type: 'DesignationListPublished',
      data: {
        version: state.publications.length + 1,
        publishedOn: today(command),
        institutions,
        coordinationHubs,
      },
    },
  ];
};

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

const issueSurvey: Handler<'IssueFollowUpSurvey'> = (command, state) => {
  if (state.followUpSurveys.has(command.data.surveyId)) return []; // issued already: a repeated job changes nothing
  const institutionIds = currentDesignations(state).map((d) => d.institutionId);
  if (institutionIds.length === 0) {
    refuse(
      'NOT_DESIGNATED',
      'surveyId',
      command.data.surveyId,
      'no institution is designated in this round yet',
      'designate before surveying',
    );
  }
  return [
    {
      type: 'FollowUpSurveyIssued',
      data: { surveyId: command.data.surveyId, institutionIds, dueDate: command.data.dueDate },
    },
  ];
};

const answerSurvey: Handler<'RecordFollowUpSurveyAnswer'> = (command, state) => {
  const survey = state.followUpSurveys.get(command.data.surveyId);
  if (!survey)
    refuse(
      'UNKNOWN_SURVEY',
      'surveyId',
      command.data.surveyId,
      'no such follow-up survey in this round',
      'the id of an issued survey',
    );
  if (!survey!.institutionIds.includes(command.data.institutionId)) {
    refuse(
      'NOT_SURVEYED',
      'institutionId',
      command.data.institutionId,
      'this institution was not asked in this survey',
      'an institution the survey was issued to',
    );
  }
  return [{ type: 'FollowUpSurveyAnswered', data: { ...command.data } }];
};

export function decideRecommendationRound(
  command: RecommendationRoundCommand,
  state: RecommendationRoundState,
): RecommendationRoundEvent[] {
  switch (command.type) {
    case 'OpenRecommendationRound':
      return open(command, state);
    case 'RecommendInstitution':
      return recommend(command, state);
    case 'RemindMunicipalitiesWithoutRecommendation':
      return remind(command, state);
    case 'CloseRecommendationWindow':
      return closeWindow(command, state);
    case 'AcknowledgeRecommendationWarning':
      return acknowledge(command, state);
    case 'WithdrawRecommendation':
      return withdraw(command, state);
    case 'DesignateRecommendedInstitutions':
      return designate(command, state);
    case 'RevokeDesignation':
      return revoke(command, state);
    case 'PublishDesignationList':
      return publish(command, state);
    case 'IssueFollowUpSurvey':
      return issueSurvey(command, state);
    case 'RecordFollowUpSurveyAnswer':
      return answerSurvey(command, state);
  }
}

export const recommendationRoundDecider: Decider<
  RecommendationRoundCommand,
  RecommendationRoundState,
  RecommendationRoundEvent
> = {
  initialState: initialRecommendationRoundState,
  decide: decideRecommendationRound,
  evolve: evolveRecommendationRound,
};

export function recommendationRoundStreamId(fy: number): string {
  return `designationRound-${fy}`;
}
