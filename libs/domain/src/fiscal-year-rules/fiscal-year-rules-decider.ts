import type { ProgramSchedule, ProgramScheduleVersion } from '../rules/program-schedule.ts';
import type { SubsidyProgramCatalogue, SubsidyProgramVersion } from '../rules/programme-catalogue.ts';
import type { Role } from '../shared/actor.ts';
import { refuse, requireReason, requireRole } from '../shared/command-guards.ts';
import type { Decider } from '../shared/decider.ts';
import { DomainError, type DomainErrorIssue } from '../shared/domain-error.ts';
import { formatFiscalYearLabel } from '../shared/era.ts';
import { recordOf } from '../shared/event-record.ts';
import { fiscalYear as toFiscalYear, type FiscalYear } from '../shared/fiscal-year.ts';
import type { ValidationIssue } from '../shared/validation.ts';
import { readFiscalYearRulesDocument } from './fiscal-year-rules-document.ts';
import type {
  FiscalYearRulesCommand,
  FiscalYearRulesEvent,
  FiscalYearRulesProposal,
  FiscalYearRulesState,
} from './fiscal-year-rules-events.ts';

/** Who enters and releases a fiscal year's rules: admins (two of them: 四つの目). */
export const FISCAL_YEAR_RULES_ROLES: readonly Role[] = ['admin'];

/** A document refused field by field: 400 with every issue; the first is also the error's field. */
export function invalidRuleDocument(issues: readonly DomainErrorIssue[]): DomainError {
  const first = issues[0]!;
  return new DomainError('INVALID_RULE_DOCUMENT', {
    field: first.field,
    value: first.value,
    reason:
      issues.length === 1 ? first.reason : `${first.reason} (and ${issues.length - 1} more: see errors)`,
    expected: first.expected,
    errors: issues,
  });
}

export const issueOf = ({ path, value, reason, expected }: ValidationIssue): DomainErrorIssue => ({
  field: path,
  value: value ?? null,
  reason,
  expected,
});

interface Versions {
  readonly programs: readonly SubsidyProgramVersion[];
  readonly schedules: readonly ProgramScheduleVersion[];
}

/** The version of a programme in force for the year that starts in it (one entered for that year), if any. */
function versionOfTheYear(catalogue: SubsidyProgramCatalogue, programId: string, fy: FiscalYear) {
  if (!catalogue.programIds().includes(programId)) return undefined;
  const version = catalogue.programsInForce(fy).find((v) => v.programId === programId);
  return version && version.period.value.from === fy ? version : undefined;
}

function scheduleOfTheYear(schedule: ProgramSchedule, programId: string, fy: FiscalYear) {
  return schedule.versions.filter((v) => v.programId === programId && v.from === fy && v.until === fy).at(-1);
}

/**
 * What the proposal would clash with in the rules in force (and in the other pending proposals): a version
 * id taken, a year that already has a version of the programme and is not corrected by naming it in
 * `supersedes`, or a correction of a version that is not the one in force.
 */
function conflicts(
  proposal: Versions,
  fy: FiscalYear,
  rules: { readonly catalogue: SubsidyProgramCatalogue; readonly schedule: ProgramSchedule },
  pending: readonly FiscalYearRulesProposal[],
): DomainErrorIssue[] {
  const label = formatFiscalYearLabel(fy);
  const issues: DomainErrorIssue[] = [];
  const taken = [...rules.catalogue.versions, ...pending.flatMap((p) => p.programs)];
  proposal.programs.forEach((version, i) => {
    const path = `programs[${i}]`;
    if (taken.some((v) => v.programId === version.programId && v.versionId === version.versionId)) {
      issues.push({
        field: `${path}.versionId`,
        value: version.versionId,
        reason: `${version.programId} already has a version ${version.versionId}`,
        expected: 'a new version id',
      });
    }
    const current = versionOfTheYear(rules.catalogue, version.programId, fy);
    if (version.supersedes !== undefined && version.supersedes !== current?.versionId) {
      issues.push({
        field: `${path}.supersedes`,
        value: version.supersedes,
        reason: current
          ? `the version of ${version.programId} in force for ${label} is ${current.versionId}`
          : `no version of ${version.programId} was entered for ${label}`,
        expected: current ? current.versionId : 'no supersedes',
      });
    }
    if (version.supersedes === undefined && current) {
      issues.push({
        field: `${path}.supersedes`,
        value: null,
        reason: `${version.programId} already has ${current.versionId} for ${label}: a released version is never edited`,
        expected: `supersedes "${current.versionId}" with a reason`,
      });
    }
  });
  const takenSchedules = [...rules.schedule.versions, ...pending.flatMap((p) => p.schedules)];
  proposal.schedules.forEach((version, i) => {
    const path = `schedules[${i}]`;
    if (takenSchedules.some((v) => v.programId === version.programId && v.versionId === version.versionId)) {
      issues.push({
        field: `${path}.versionId`,
        value: version.versionId,
        reason: `the schedule of ${version.programId} already has a version ${version.versionId}`,
        expected: 'a new version id',
      });
    }
    const current = scheduleOfTheYear(rules.schedule, version.programId, fy);
    const supersedes = version.supersedes;
    if (current && supersedes !== current.versionId) {
      issues.push({
        field: `${path}.supersedes`,
        value: supersedes ?? null,
        reason: `the schedule of ${version.programId} for ${label} is already ${current.versionId}`,
        expected: `supersedes "${current.versionId}" with a reason`,
      });
    }
    if (!current && supersedes !== undefined) {
      issues.push({
        field: `${path}.supersedes`,
        value: supersedes,
        reason: `no schedule of ${version.programId} was entered for ${label}`,
        expected: 'no supersedes',
      });
    }
  });
  return issues;
}

function proposalOf(state: FiscalYearRulesState, proposalId: string): FiscalYearRulesProposal {
  const proposal = state.proposals.find((p) => p.proposalId === proposalId);
  if (!proposal) {
    return refuse(
      'UNKNOWN_RULE_PROPOSAL',
      'proposalId',
      proposalId,
      'no such proposal for this fiscal year',
      `one of ${state.proposals.map((p) => p.proposalId).join(', ') || '(none yet)'}`,
    );
  }
  if (proposal.status !== 'proposed') {
    return refuse(
      'RULE_PROPOSAL_NOT_PENDING',
      'proposalId',
      proposalId,
      `the proposal is already ${proposal.status}`,
      'a pending proposal',
    );
  }
  return proposal;
}

/**
 * A fiscal year's rules as data: ProposeFiscalYearRules validates the document field by field and against
 * the rules in force (`rules`: the code-defined catalogue and schedule with the versions released so far),
 * ReleaseFiscalYearRules puts a pending proposal in force — by an admin other than its proposer — and
 * WithdrawFiscalYearRules drops one, with a reason.
 */
export function fiscalYearRulesDecider(rules: {
  readonly catalogue: SubsidyProgramCatalogue;
  readonly schedule: ProgramSchedule;
}): Decider<FiscalYearRulesCommand, FiscalYearRulesState, FiscalYearRulesEvent> {
  function decide(command: FiscalYearRulesCommand, state: FiscalYearRulesState): FiscalYearRulesEvent[] {
    requireRole(command, FISCAL_YEAR_RULES_ROLES);
    const fy = toFiscalYear(command.data.fiscalYear);
    const pending = state.proposals.filter((p) => p.status === 'proposed');
    switch (command.type) {
      case 'ProposeFiscalYearRules': {
        const read = readFiscalYearRulesDocument(command.data.document, fy);
        if (!read.ok) throw invalidRuleDocument(read.issues.map(issueOf));
        const clashes = conflicts(read.value, fy, rules, pending);
        if (clashes.length > 0) throw invalidRuleDocument(clashes);
        const proposalId = `${fy}-${state.proposals.length + 1}`;
        return [
          {
            type: 'FiscalYearRulesProposed',
            data: { fiscalYear: fy, proposalId, ...read.value.document, recorded: recordOf(command) },
          },
        ];
      }
      case 'ReleaseFiscalYearRules': {
        const proposal = proposalOf(state, command.data.proposalId);
        if (proposal.proposed.actorId === command.actor.id) {
          refuse(
            'FOUR_EYES_VIOLATION',
            'actor.id',
            command.actor.id,
            'the admin who proposed these rules cannot also release them',
            `an admin other than ${proposal.proposed.actorId}`,
          );
        }
        const clashes = conflicts(
          proposal,
          fy,
          rules,
          pending.filter((p) => p !== proposal),
        );
        if (clashes.length > 0) {
          const first = clashes[0]!;
          throw new DomainError('RULE_VERSION_CONFLICT', {
            ...first,
            reason: `since it was proposed: ${first.reason}`,
            errors: clashes,
          });
        }
        return [
          {
            type: 'FiscalYearRulesReleased',
            data: { fiscalYear: fy, proposalId: proposal.proposalId, recorded: recordOf(command) },
          },
        ];
      }
      case 'WithdrawFiscalYearRules': {
        const proposal = proposalOf(state, command.data.proposalId);
        const reason = requireReason(command);
        return [
          {
            type: 'FiscalYearRulesWithdrawn',
            data: {
              fiscalYear: fy,
              proposalId: proposal.proposalId,
              reason,
              recorded: recordOf(command, reason),
            },
          },
        ];
      }
    }
  }

  return { initialState: { proposals: [] }, decide, evolve: evolveFiscalYearRules };
}

/** The fold of a fiscal year's rules stream (also what the rule book reads). */
export function evolveFiscalYearRules(
  state: FiscalYearRulesState,
  event: FiscalYearRulesEvent,
): FiscalYearRulesState {
  const { fiscalYear, proposalId } = event.data;
  switch (event.type) {
    case 'FiscalYearRulesProposed': {
      const { source, programs, schedules, recorded } = event.data;
      const read = readFiscalYearRulesDocument({ source, programs, schedules }, fiscalYear);
      // Stored only after this very validation: a failure here is a corrupted log, not an input error.
      if (!read.ok) throw invalidRuleDocument(read.issues.map(issueOf));
      const proposal: FiscalYearRulesProposal = {
        proposalId,
        status: 'proposed',
        source,
        document: { source, programs, schedules },
        programs: read.value.programs,
        schedules: read.value.schedules,
        proposed: recorded,
      };
      return { fiscalYear, proposals: [...state.proposals, proposal] };
    }
    case 'FiscalYearRulesReleased':
      return withProposal(state, proposalId, {
        status: 'released',
        released: event.data.recorded,
        releasedSeq: state.proposals.filter((p) => p.status === 'released').length,
      });
    case 'FiscalYearRulesWithdrawn':
      return withProposal(state, proposalId, { status: 'withdrawn', withdrawn: event.data.recorded });
  }
}

function withProposal(
  state: FiscalYearRulesState,
  proposalId: string,
  change: Partial<FiscalYearRulesProposal>,
): FiscalYearRulesState {
  return {
    ...state,
    proposals: state.proposals.map((p) => (p.proposalId === proposalId ? { ...p, ...change } : p)),
  };
}

/** The released proposals of a fiscal year's stream, in the order they were released. */
export function releasedProposalsOf(state: FiscalYearRulesState): FiscalYearRulesProposal[] {
  return state.proposals
    .filter((p) => p.status === 'released')
    .sort((a, b) => a.releasedSeq! - b.releasedSeq!);
}

/** The released versions of a fiscal year's stream, in the order they were released. */
export function releasedVersionsOf(state: FiscalYearRulesState): {
  programs: SubsidyProgramVersion[];
  schedules: ProgramScheduleVersion[];
} {
  const released = releasedProposalsOf(state);
  return { programs: released.flatMap((p) => p.programs), schedules: released.flatMap((p) => p.schedules) };
}
