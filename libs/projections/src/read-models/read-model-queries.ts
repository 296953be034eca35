import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CaseSummary } from './case-summaries.ts';
import { ProgramBudget } from './program-budgets.ts';
import type { ApplicationRules } from '#domain';
import { READ_MODEL_RULES } from '../read-model-rules.ts';
import {
  readRecipientProgramTimelines,
  RecipientProgramTimelineRow,
  type RecipientProgramTimelineView,
} from './recipient-program-timelines.ts';
import { TrainingCompletion } from './training-completions.ts';
import { TrainingOfferingRow } from './training-offerings.ts';

/**
 * What a caller may see: a municipality officer only its municipality's rows, an institution only its
 * own (the recipient); prefecture staff and auditors everything (both absent).
 */
export interface ReadScope {
  readonly municipalityCode?: string;
  readonly recipientId?: string;
}

/** A case in a list: the summary without the folded state. Positions and amounts as JSON numbers/strings. */
export interface CaseSummaryView {
  readonly applicationId: string;
  readonly programId: string;
  readonly menuId: string;
  readonly fiscalYear: number;
  readonly programYear: number;
  readonly recipient: { readonly kind: string; readonly id: string; readonly municipalityCode: string };
  readonly stage: string;
  readonly nextAction: {
    readonly action: string;
    readonly by: readonly string[];
    readonly dueDate: string | null;
    readonly label: { readonly ja: string; readonly en: string };
  } | null;
  readonly dueDate: string | null;
  readonly amounts: {
    readonly requested: number | null;
    readonly granted: number | null;
    readonly confirmed: number | null;
    readonly paid: number;
    readonly refunded: number;
  };
  readonly lastEventType: string;
  readonly lastEventAt: string;
  readonly position: string;
}

export function caseSummaryView(row: CaseSummary): CaseSummaryView {
  return {
    applicationId: row.applicationId,
    programId: row.programId,
    menuId: row.menuId,
    fiscalYear: row.fiscalYear,
    programYear: row.programYear,
    recipient: { kind: row.recipientKind, id: row.recipientId, municipalityCode: row.municipalityCode },
    stage: row.stage,
    nextAction:
      row.nextAction === null
        ? null
        : {
            action: row.nextAction,
            by: row.nextActionBy ?? [],
            dueDate: row.dueDate,
            label: row.nextActionLabel ?? { ja: row.nextAction, en: row.nextAction },
          },
    dueDate: row.dueDate,
    amounts: {
      requested: row.requestedAmount,
      granted: row.grantedAmount,
      confirmed: row.confirmedAmount,
      paid: row.paidAmount,
      refunded: row.refundedAmount,
    },
    lastEventType: row.lastEventType,
    lastEventAt: row.lastEventAt.toISOString(),
    position: row.position.toString(),
  };
}

/**
 * The columns caseSummaryView reads: a list never loads a case's folded state (a jsonb of a few KB a
 * row that the view leaves out), which PostgreSQL would send and pg parse for every row of every page.
 */
const CASE_LIST_COLUMNS: readonly (keyof CaseSummary)[] = [
  'applicationId',
  'programId',
  'menuId',
  'fiscalYear',
  'programYear',
  'recipientKind',
  'recipientId',
  'municipalityCode',
  'stage',
  'nextAction',
  'nextActionBy',
  'nextActionLabel',
  'dueDate',
  'requestedAmount',
  'grantedAmount',
  'confirmedAmount',
  'paidAmount',
  'refundedAmount',
  'lastEventType',
  'lastEventAt',
  'position',
];
const CASE_LIST_SELECTION = CASE_LIST_COLUMNS.map((column) => `c.${column}`);

/** Where a work-queue page starts: strictly after this due date (absent = last) and case. */
export interface WorkQueueCursor {
  readonly dueDate: string | null;
  readonly applicationId: string;
}

export interface WorkQueueFilter {
  readonly stages?: readonly string[];
  readonly programId?: string;
  readonly fiscalYear?: number;
  readonly municipalityCode?: string;
  /** Inclusive "YYYY-MM-DD" bounds of the due date; a bound leaves out cases without a due date. */
  readonly dueFrom?: string;
  readonly dueTo?: string;
  /** Only cases whose next action this role may take. */
  readonly actionBy?: string;
  readonly after?: WorkQueueCursor;
  readonly limit: number;
}

export interface Page<T, Cursor> {
  readonly items: readonly T[];
  readonly total: number;
  readonly next: Cursor | null;
}

/** Cases without a due date sort after every dated one. */
const NO_DUE_DATE = '9999-12-31';
const DUE_KEY = `COALESCE(c.due_date, DATE '${NO_DUE_DATE}')`;

/**
 * Where a table keeps what a scope narrows by. A table without a municipality column (training
 * completions) shows a municipality-scoped caller nothing.
 */
interface ScopeColumns {
  readonly municipality: string | null;
  readonly recipient: string;
}

const RECIPIENT_ROWS: ScopeColumns = { municipality: 'municipality_code', recipient: 'recipient_id' };

function scoped<T extends object>(
  query: SelectQueryBuilder<T>,
  scope: ReadScope,
  alias: string,
  columns: ScopeColumns = RECIPIENT_ROWS,
): SelectQueryBuilder<T> {
  if (scope.municipalityCode !== undefined)
    query.andWhere(
      columns.municipality === null ? 'FALSE' : `${alias}.${columns.municipality} = :scopeMunicipality`,
      { scopeMunicipality: scope.municipalityCode },
    );
  if (scope.recipientId !== undefined)
    query.andWhere(`${alias}.${columns.recipient} = :scopeRecipient`, { scopeRecipient: scope.recipientId });
  return query;
}

/** One page of `rows` read with `limit + 1`: the extra row only says that a next page exists. */
function pageOf<Row, T, Cursor>(
  rows: readonly Row[],
  limit: number,
  view: (row: Row) => T,
  cursorOf: (last: Row) => Cursor,
): { readonly items: T[]; readonly next: Cursor | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), next: rows.length > limit && last ? cursorOf(last) : null };
}

/** Cases per stage under a list's filter: `stage, COUNT(*)` grouped and ordered by stage. */
function stageCountsOf<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
): SelectQueryBuilder<T> {
  return query
    .select(`${alias}.stage`, 'stage')
    .addSelect('COUNT(*)', 'n')
    .groupBy(`${alias}.stage`)
    .orderBy(`${alias}.stage`);
}

/**
 * One page of cases (`page` narrows, orders and limits the filter `base`) and the cases per stage under
 * `base`, in ONE round trip: the counts ride on each row of the page as a scalar subquery (`[stage, n]`
 * pairs in the stages' order), and only an empty page asks for them apart. A list request used to make
 * two (the counts, then the page); both now read one snapshot.
 */
async function caseListPage(
  base: () => SelectQueryBuilder<CaseSummary>,
  page: (query: SelectQueryBuilder<CaseSummary>) => SelectQueryBuilder<CaseSummary>,
): Promise<{ readonly rows: CaseSummary[]; readonly countsByStage: Record<string, number> }> {
  const counts = stageCountsOf(base(), 'c');
  const { raw, entities } = await page(base().select(CASE_LIST_SELECTION))
    .addSelect(
      `(SELECT COALESCE(json_agg(json_build_array(s.stage, s.n) ORDER BY s.stage), '[]') FROM (${counts.getQuery()}) s)`,
      'counts_by_stage',
    )
    .setParameters(counts.getParameters())
    .getRawAndEntities<{ counts_by_stage: [string, string | number][] }>();
  const pairs =
    raw[0]?.counts_by_stage ??
    (await counts.getRawMany<{ stage: string; n: string }>()).map(({ stage, n }) => [stage, n] as const);
  return { rows: entities, countsByStage: Object.fromEntries(pairs.map(([stage, n]) => [stage, Number(n)])) };
}

/** The cases over all pages: the counts of the stages asked for (all stages when none is asked). */
function totalOf(countsByStage: Record<string, number>, stages: readonly string[] | undefined): number {
  const counted = stages?.length
    ? [...new Set(stages)].map((stage) => countsByStage[stage] ?? 0)
    : Object.values(countsByStage);
  return counted.reduce((sum, n) => sum + n, 0);
}

/**
 * The caseworker's queue: open cases (a next action), by due date then case id, filtered, one page, with
 * the open cases per stage under the same filters but the stage's.
 */
export async function findWorkQueue(
  manager: EntityManager,
  filter: WorkQueueFilter,
  scope: ReadScope,
): Promise<Page<CaseSummaryView, WorkQueueCursor> & { readonly countsByStage: Record<string, number> }> {
  const base = (): SelectQueryBuilder<CaseSummary> => {
    const query = scoped(
      manager.getRepository(CaseSummary).createQueryBuilder('c').where('c.next_action IS NOT NULL'),
      scope,
      'c',
    );
    if (filter.programId !== undefined) query.andWhere('c.program_id = :programId', filter);
    if (filter.fiscalYear !== undefined) query.andWhere('c.fiscal_year = :fiscalYear', filter);
    if (filter.municipalityCode !== undefined)
      query.andWhere('c.municipality_code = :municipalityCode', filter);
    if (filter.dueFrom !== undefined) query.andWhere('c.due_date >= :dueFrom', filter);
    if (filter.dueTo !== undefined) query.andWhere('c.due_date <= :dueTo', filter);
    if (filter.actionBy !== undefined) query.andWhere(':actionBy = ANY(c.next_action_by)', filter);
    return query;
  };
  const { rows, countsByStage } = await caseListPage(base, (query) => {
    if (filter.stages?.length) query.andWhere('c.stage IN (:...stages)', { stages: filter.stages });
    if (filter.after) {
      query.andWhere(`(${DUE_KEY}, c.application_id) > (CAST(:afterDue AS date), :afterId)`, {
        afterDue: filter.after.dueDate ?? NO_DUE_DATE,
        afterId: filter.after.applicationId,
      });
    }
    return query
      .orderBy(DUE_KEY, 'ASC')
      .addOrderBy('c.application_id', 'ASC')
      .limit(filter.limit + 1);
  });
  const total = totalOf(countsByStage, filter.stages);
  return {
    ...pageOf(rows, filter.limit, caseSummaryView, (last) => ({
      dueDate: last.dueDate,
      applicationId: last.applicationId,
    })),
    total,
    countsByStage,
  };
}

export interface ProgramApplicationsFilter {
  readonly programId: string;
  readonly fiscalYear: number;
  readonly stages?: readonly string[];
  /** The page starts strictly after this case id. */
  readonly afterApplicationId?: string;
  readonly limit: number;
}

/** A programme's applications of a fiscal year (any stage, ended ones too), by case id, with counts per stage. */
export async function findProgramApplications(
  manager: EntityManager,
  filter: ProgramApplicationsFilter,
  scope: ReadScope,
): Promise<Page<CaseSummaryView, string> & { readonly countsByStage: Record<string, number> }> {
  const base = (): SelectQueryBuilder<CaseSummary> =>
    scoped(
      manager
        .getRepository(CaseSummary)
        .createQueryBuilder('c')
        .where('c.program_id = :programId AND c.fiscal_year = :fiscalYear', filter),
      scope,
      'c',
    );
  const { rows, countsByStage } = await caseListPage(base, (query) => {
    if (filter.stages?.length) query.andWhere('c.stage IN (:...stages)', { stages: filter.stages });
    if (filter.afterApplicationId !== undefined)
      query.andWhere('c.application_id > :afterApplicationId', filter);
    return query.orderBy('c.application_id', 'ASC').limit(filter.limit + 1);
  });
  const total = totalOf(countsByStage, filter.stages);
  return {
    countsByStage,
    ...pageOf(rows, filter.limit, caseSummaryView, (last) => last.applicationId),
    total,
  };
}

/**
 * A recipient's timelines, one per programme, assembled with `rules` (the rules they were projected
 * with) from their rows, in one snapshot. A timeline known only from training completions has no kind
 * yet: it is the recipient's whatever the kind asked for.
 */
export async function findRecipientTimelines(
  manager: EntityManager,
  filter: { readonly recipientKind: string; readonly recipientId: string; readonly programId?: string },
  scope: ReadScope,
  rules: ApplicationRules = READ_MODEL_RULES,
): Promise<RecipientProgramTimelineView[]> {
  return manager.transaction('REPEATABLE READ', async (snapshot) => {
    const query = scoped(
      snapshot
        .getRepository(RecipientProgramTimelineRow)
        .createQueryBuilder('t')
        .where('t.recipient_id = :recipientId', filter)
        .andWhere('(t.recipient_kind = :recipientKind OR t.recipient_kind IS NULL)', filter),
      scope,
      't',
    );
    if (filter.programId !== undefined) query.andWhere('t.program_id = :programId', filter);
    const rows = await query.orderBy('t.program_id', 'ASC').getMany();
    return readRecipientProgramTimelines(snapshot, rules, rows);
  });
}

/** Budgets against decisions and payments, by programme and fiscal year. */
export async function findProgramBudgets(
  manager: EntityManager,
  filter: { readonly programId?: string; readonly fiscalYear?: number },
): Promise<ProgramBudget[]> {
  const query = manager.getRepository(ProgramBudget).createQueryBuilder('b').where('TRUE');
  if (filter.programId !== undefined) query.andWhere('b.program_id = :programId', filter);
  if (filter.fiscalYear !== undefined) query.andWhere('b.fiscal_year = :fiscalYear', filter);
  return query.orderBy('b.program_id', 'ASC').addOrderBy('b.fiscal_year', 'ASC').limit(1000).getMany();
}

/** A completion in a list: who (a pseudonymous id), which course and offering, for which institution. */
export interface TrainingCompletionView {
  readonly offeringId: string;
  readonly personId: string;
  readonly courseId: string;
  readonly fiscalYear: number;
  readonly institutionId: string;
  readonly completedOn: string;
  readonly position: string;
}

/** Where a completions page starts: strictly after this completion (date, offering, person). */
export interface TrainingCompletionsCursor {
  readonly completedOn: string;
  readonly offeringId: string;
  readonly personId: string;
}

export interface TrainingCompletionsFilter {
  readonly courseId?: string;
  readonly fiscalYear?: number;
  readonly institutionId?: string;
  readonly personId?: string;
  readonly after?: TrainingCompletionsCursor;
  readonly limit: number;
}

/**
 * 修了者の一覧: completions by date, offering and person, filtered, one page. A completion belongs to the
 * employing institution; it carries no municipality, so a municipality-scoped caller sees none.
 */
export async function findTrainingCompletions(
  manager: EntityManager,
  filter: TrainingCompletionsFilter,
  scope: ReadScope,
): Promise<Page<TrainingCompletionView, TrainingCompletionsCursor>> {
  const query = scoped(
    manager.getRepository(TrainingCompletion).createQueryBuilder('t').where('TRUE'),
    scope,
    't',
    { municipality: null, recipient: 'institution_id' },
  );
  if (filter.courseId !== undefined) query.andWhere('t.course_id = :courseId', filter);
  if (filter.fiscalYear !== undefined) query.andWhere('t.fiscal_year = :fiscalYear', filter);
  if (filter.institutionId !== undefined) query.andWhere('t.institution_id = :institutionId', filter);
  if (filter.personId !== undefined) query.andWhere('t.person_id = :personId', filter);
  const total = await query.getCount();
  if (filter.after) {
    query.andWhere(
      '(t.completed_on, t.offering_id, t.person_id) > (CAST(:afterOn AS date), :afterOffering, :afterPerson)',
      {
        afterOn: filter.after.completedOn,
        afterOffering: filter.after.offeringId,
        afterPerson: filter.after.personId,
      },
    );
  }
  const rows = await query
    .orderBy('t.completed_on', 'ASC')
    .addOrderBy('t.offering_id', 'ASC')
    .addOrderBy('t.person_id', 'ASC')
    .limit(filter.limit + 1)
    .getMany();
  return {
    ...pageOf(
      rows,
      filter.limit,
      (row): TrainingCompletionView => ({
        offeringId: row.offeringId,
        personId: row.personId,
        courseId: row.courseId,
        fiscalYear: row.fiscalYear,
        institutionId: row.institutionId,
        completedOn: row.completedOn,
        position: row.position.toString(),
      }),
      (last) => ({ completedOn: last.completedOn, offeringId: last.offeringId, personId: last.personId }),
    ),
    total,
  };
}

/** An offering in a list: course, fiscal year, first session and participants by status. */
export interface TrainingOfferingView {
  readonly offeringId: string;
  readonly courseId: string;
  readonly fiscalYear: number;
  readonly firstSessionOn: string | null;
  readonly sessionCount: number;
  readonly enrolledCount: number;
  readonly completedCount: number;
  readonly withdrawnCount: number;
  readonly position: string;
}

/** Where an offerings page starts: strictly after this first session date (absent = last) and offering. */
export interface TrainingOfferingsCursor {
  readonly firstSessionOn: string | null;
  readonly offeringId: string;
}

export interface TrainingOfferingsFilter {
  readonly courseId?: string;
  readonly fiscalYear?: number;
  /** Offerings with a participant (any status) employed by this institution. */
  readonly institutionId?: string;
  readonly after?: TrainingOfferingsCursor;
  readonly limit: number;
}

const FIRST_SESSION_KEY = `COALESCE(o.first_session_on, DATE '${NO_DUE_DATE}')`;

/** 研修の開催一覧: offerings by first session date and id, filtered, one page. */
export async function findTrainingOfferings(
  manager: EntityManager,
  filter: TrainingOfferingsFilter,
): Promise<Page<TrainingOfferingView, TrainingOfferingsCursor>> {
  const query = manager.getRepository(TrainingOfferingRow).createQueryBuilder('o').where('TRUE');
  if (filter.courseId !== undefined) query.andWhere('o.course_id = :courseId', filter);
  if (filter.fiscalYear !== undefined) query.andWhere('o.fiscal_year = :fiscalYear', filter);
  if (filter.institutionId !== undefined)
    query.andWhere(`o.state->'enrollments' @> CAST(:enrolledFrom AS jsonb)`, {
      enrolledFrom: JSON.stringify([{ institutionId: filter.institutionId }]),
    });
  const total = await query.getCount();
  if (filter.after) {
    query.andWhere(`(${FIRST_SESSION_KEY}, o.offering_id) > (CAST(:afterOn AS date), :afterOffering)`, {
      afterOn: filter.after.firstSessionOn ?? NO_DUE_DATE,
      afterOffering: filter.after.offeringId,
    });
  }
  const rows = await query
    .orderBy(FIRST_SESSION_KEY, 'ASC')
    .addOrderBy('o.offering_id', 'ASC')
    .limit(filter.limit + 1)
    .getMany();
  return {
    ...pageOf(
      rows,
      filter.limit,
      (row): TrainingOfferingView => ({
        offeringId: row.offeringId,
        courseId: row.courseId,
        fiscalYear: row.fiscalYear,
        firstSessionOn: row.firstSessionOn,
        sessionCount: row.sessionCount,
        enrolledCount: row.enrolledCount,
        completedCount: row.completedCount,
        withdrawnCount: row.withdrawnCount,
        position: row.position.toString(),
      }),
      (last) => ({ firstSessionOn: last.firstSessionOn, offeringId: last.offeringId }),
    ),
    total,
  };
}
