import {
  nextApplicationAction,
  type ApplicationEvent,
  type ApplicationState,
  type FiscalYearRulesEvent,
  type MultiYearGrantEvent,
  type TrainingEvent,
} from '#domain';

/**
 * The keys events are found by (store.readByTag), written with each event in its append: what a
 * decision looks up is read by key, never by replaying a category. A change here is a new
 * EVENT_TAGS_VERSION: the log written before it is tagged again once (EventTagBackfill).
 */
export const EVENT_TAGS = {
  /** The completions of an institution's staff (eligibility: 研修修了). */
  trainingCompletedAt: (institutionId: string) => `TrainingCompleted:institutionId=${institutionId}`,
  /** Every completion (the rollover: ③ → ② duties, applications opened by training). */
  trainingCompleted: 'TrainingCompleted',
  /** A recipient's grant decisions (eligibility: earlier funded years). */
  grantDecidedFor: (recipientId: string) => `GrantDecided:recipientId=${recipientId}`,
  /** First-year grant decisions (the rollover starts the multi-year grant records). */
  firstYearGrantDecided: 'GrantDecided:programYear=1',
  /** Every multi-year grant record (the rollover advances them). */
  multiYearGrantStarted: 'MultiYearGrantStarted',
  /** A case whose next action falls due on the date, as of this event (the reminders job). */
  applicationDueOn: (date: string) => `application:dueDate=${date}`,
  /** A fiscal year's rules put in force (the rule book reads the releases since it last looked). */
  fiscalYearRulesReleased: 'FiscalYearRulesReleased',
} as const;

/**
 * Raised whenever a tag definition changes: the log is then tagged again once. (A tag for a new event
 * type, as fiscalYearRulesReleased was, has nothing earlier to tag and leaves it as it is.)
 */
export const EVENT_TAGS_VERSION = 1;

export function applicationTags(event: ApplicationEvent, stateAfter: ApplicationState): string[] {
  const tags: string[] = [];
  if (event.type === 'GrantDecided') {
    tags.push(EVENT_TAGS.grantDecidedFor(event.data.recipient.id));
    if (event.data.programYear === 1) tags.push(EVENT_TAGS.firstYearGrantDecided);
  }
  const dueDate = nextApplicationAction(stateAfter)?.dueDate;
  if (dueDate) tags.push(EVENT_TAGS.applicationDueOn(dueDate));
  return tags;
}

export function trainingTags(event: TrainingEvent): string[] {
  return event.type === 'TrainingCompleted'
    ? [EVENT_TAGS.trainingCompleted, EVENT_TAGS.trainingCompletedAt(event.data.institutionId)]
    : [];
}

export function multiYearGrantTags(event: MultiYearGrantEvent): string[] {
  return event.type === 'MultiYearGrantStarted' ? [EVENT_TAGS.multiYearGrantStarted] : [];
}

export function fiscalYearRulesTags(event: FiscalYearRulesEvent): string[] {
  return event.type === 'FiscalYearRulesReleased' ? [EVENT_TAGS.fiscalYearRulesReleased] : [];
}
