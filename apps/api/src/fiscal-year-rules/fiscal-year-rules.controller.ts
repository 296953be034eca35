import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiConsumes,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  DomainError,
  fiscalYearRulesFromCsv,
  invalidRuleDocument,
  locateIssues,
  type CsvRow,
  diffRuleVersions,
  FISCAL_YEAR_RULES_ROLES,
  fiscalYearOfDate,
  fiscalYearOfInstant,
  parseCalendarDate,
  startOfTokyoDate,
  addDays,
  type FiscalYearRulesProposal,
  type Role,
  type SubsidyProgramVersion,
} from '#domain';
import { CLOCK, type Clock } from '#platform';
import { CommandGateway, RuleBook } from '#workflow';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import { commandMetadataOf } from '../commands/command-metadata.ts';
import { FiscalYearParams } from '../designations/designation.dto.ts';
import {
  CatalogueDto,
  CsvSourceQueryDto,
  CatalogueQueryDto,
  FiscalYearRulesDto,
  ProgramVersionsDto,
  RuleDiffDto,
  RuleProposalOutcomeDto,
  DiffQueryDto,
  ProgramParams,
  ProposalParams,
  WithdrawProposalDto,
} from './fiscal-year-rules.dto.ts';

/** Who reads the rules: everyone who works with them (they are the published 交付要綱's content). */
const RULE_READERS: readonly Role[] = [
  'admin',
  'caseworker',
  'approver',
  'auditor',
  'municipality',
  'institution',
];

const proposalView = (p: FiscalYearRulesProposal) => ({
  proposalId: p.proposalId,
  status: p.status,
  source: p.source,
  proposed: p.proposed,
  ...(p.released ? { released: p.released } : {}),
  ...(p.withdrawn ? { withdrawn: p.withdrawn } : {}),
  programs: p.programs.map(({ programId, versionId, supersedes }) => ({
    programId,
    versionId,
    ...(supersedes ? { supersedes } : {}),
  })),
  schedules: p.schedules.map(({ programId, versionId }) => ({ programId, versionId })),
  document: p.document,
});

/**
 * A fiscal year's rules as data (年度の補助要件): an admin proposes the year's programme versions and
 * procedure schedule from a cited document, another admin releases them (四つの目), and from then on they
 * decide that year's applications. Read the catalogue as of a fiscal year or a date, and what changed
 * between two versions.
 */
@ApiTags('rules')
@Controller('rules')
export class FiscalYearRulesController {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly ruleBook: RuleBook,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('fiscal-years/:fiscalYear/proposals')
  @Roles(...FISCAL_YEAR_RULES_ROLES)
  @ApiOperation({
    summary:
      '年度の補助要件の提案 (ProposeFiscalYearRules): the whole document — source, programme versions, schedules — is validated field by field and all-or-nothing',
  })
  @ApiBody({
    description:
      '{ source: { title, date, section }, programs: [programme version], schedules: [schedule] } (docs/examples/fiscal-year-rules-r8.example.json)',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiCreatedResponse({
    description: 'The proposal, pending release by another admin',
    type: RuleProposalOutcomeDto,
  })
  @ApiBadRequestResponse({ description: 'INVALID_RULE_DOCUMENT: errors lists every field, value and reason' })
  async propose(
    @Param() { fiscalYear }: FiscalYearParams,
    @Body() document: unknown,
    @CurrentRequest() context: RequestContext,
  ) {
    const outcome = await this.gateway.send(
      'fiscalYearRules',
      fiscalYear,
      {
        type: 'ProposeFiscalYearRules',
        data: { fiscalYear, document },
        actor: context.actor,
        at: this.clock.now(),
      },
      { metadata: commandMetadataOf(context) },
    );
    const proposal = outcome.state.proposals.at(-1)!;
    return { fiscalYear, position: outcome.position, ...proposalView(proposal) };
  }

  @Post('fiscal-years/:fiscalYear/proposals/csv')
  @Roles(...FISCAL_YEAR_RULES_ROLES)
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary:
      '年度の補助要件の一括取込 (CSV): the year’s programme versions as a table, one row per menu and programme-year range; the same validation, all-or-nothing, every error with its line and column',
  })
  @ApiBody({
    description: 'text/csv with a header row (columns: README, "A fiscal year’s rules")',
    schema: { type: 'string' },
  })
  @ApiCreatedResponse({
    description: 'The proposal, pending release by another admin',
    type: RuleProposalOutcomeDto,
  })
  @ApiBadRequestResponse({
    description: 'INVALID_RULE_DOCUMENT: errors list field, value, reason, line and column',
  })
  async proposeCsv(
    @Param() { fiscalYear }: FiscalYearParams,
    @Query() source: CsvSourceQueryDto,
    @Body() body: unknown,
    @CurrentRequest() context: RequestContext,
  ) {
    const { header, rows } = csvTable(body);
    const built = fiscalYearRulesFromCsv(header, rows, {
      title: source.title,
      date: source.date,
      section: source.section,
    });
    if (built.issues.length > 0) throw invalidRuleDocument(built.issues);
    try {
      return await this.propose({ fiscalYear }, built.document, context);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVALID_RULE_DOCUMENT' && error.details.errors) {
        throw invalidRuleDocument(locateIssues(error.details.errors, built.locate));
      }
      throw error;
    }
  }

  @Post('fiscal-years/:fiscalYear/proposals/:proposalId/release')
  @HttpCode(HttpStatus.OK)
  @Roles(...FISCAL_YEAR_RULES_ROLES)
  @ApiOperation({ summary: '補助要件の施行 (ReleaseFiscalYearRules): by an admin other than the proposer' })
  @ApiOkResponse({
    description: 'Released: in force for the fiscal year from the next command on',
    type: RuleProposalOutcomeDto,
  })
  @ApiForbiddenResponse({ description: 'FOUR_EYES_VIOLATION: the proposer cannot release' })
  @ApiConflictResponse({ description: 'RULE_PROPOSAL_NOT_PENDING, RULE_VERSION_CONFLICT' })
  async release(
    @Param() { fiscalYear, proposalId }: ProposalParams,
    @CurrentRequest() context: RequestContext,
  ) {
    return this.decideOn(fiscalYear, proposalId, context, { type: 'ReleaseFiscalYearRules' });
  }

  @Post('fiscal-years/:fiscalYear/proposals/:proposalId/withdrawal')
  @HttpCode(HttpStatus.OK)
  @Roles(...FISCAL_YEAR_RULES_ROLES)
  @ApiOperation({ summary: '提案の取下げ (WithdrawFiscalYearRules): a pending proposal, with a reason' })
  @ApiOkResponse({ description: 'Withdrawn', type: RuleProposalOutcomeDto })
  @ApiConflictResponse({ description: 'RULE_PROPOSAL_NOT_PENDING' })
  async withdraw(
    @Param() { fiscalYear, proposalId }: ProposalParams,
    @Body() { reason }: WithdrawProposalDto,
    @CurrentRequest() context: RequestContext,
  ) {
    return this.decideOn(fiscalYear, proposalId, context, { type: 'WithdrawFiscalYearRules', reason });
  }

  @Get('fiscal-years/:fiscalYear')
  @Roles(...RULE_READERS)
  @ApiOperation({ summary: 'A fiscal year’s proposals: pending, released and withdrawn, with who and when' })
  @ApiOkResponse({ type: FiscalYearRulesDto })
  async fiscalYear(@Param() { fiscalYear }: FiscalYearParams) {
    const state = await this.ruleBook.fiscalYear(fiscalYear);
    return { fiscalYear, proposals: state.proposals.map(proposalView) };
  }

  @Get('catalogue')
  @Roles(...RULE_READERS)
  @ApiOperation({
    summary:
      'The programme versions and schedules in force for a fiscal year (?fiscalYear=) or on a date (?date=, as released by the end of that day); default: today',
  })
  @ApiOkResponse({ type: CatalogueDto })
  async catalogue(@Query() query: CatalogueQueryDto) {
    await this.ruleBook.refresh();
    const date = query.date === undefined ? undefined : parseCalendarDate(query.date, 'date');
    const fiscalYear =
      query.fiscalYear ?? (date ? fiscalYearOfDate(date) : fiscalYearOfInstant(this.clock.now()));
    const releasedBy = date ? startOfTokyoDate(addDays(date, 1)) : undefined;
    const rules = this.ruleBook.rulesReleasedBy(releasedBy);
    const origins = this.origins();
    const programs = rules.catalogue.programsInForce(fiscalYear as never).map((version) => ({
      ...this.originOf(origins, version),
      version,
      schedule: rules.schedule.scheduleFor(version.programId, fiscalYear),
    }));
    return { fiscalYear, ...(query.date ? { date: query.date } : {}), programs };
  }

  @Get('programs/:programId/versions')
  @Roles(...RULE_READERS)
  @ApiOperation({
    summary: 'Every version of a programme: code-defined and entered, and which correction superseded which',
  })
  @ApiOkResponse({ type: ProgramVersionsDto })
  async versions(@Param() { programId }: ProgramParams) {
    await this.ruleBook.refresh();
    const origins = this.origins();
    const versions = this.ruleBook.rules.catalogue.versionsOf(programId);
    return {
      programId,
      versions: versions.map((version) => {
        const supersededBy = versions.find((v) => v.supersedes === version.versionId)?.versionId;
        return {
          versionId: version.versionId,
          period: version.period,
          ...this.originOf(origins, version),
          ...(version.supersedes ? { supersedes: version.supersedes } : {}),
          ...(supersededBy ? { supersededBy } : {}),
        };
      }),
    };
  }

  @Get('programs/:programId/diff')
  @Roles(...RULE_READERS)
  @ApiOperation({
    summary: 'What changed between two versions of a programme (?from=H29&to=R8), value by value',
  })
  @ApiOkResponse({ type: RuleDiffDto })
  async diff(@Param() { programId }: ProgramParams, @Query() { from, to }: DiffQueryDto) {
    await this.ruleBook.refresh();
    const catalogue = this.ruleBook.rules.catalogue;
    const before = catalogue.versionById(programId, from);
    const after = catalogue.versionById(programId, to);
    return { programId, from, to, changes: diffRuleVersions(before, after) };
  }

  private async decideOn(
    fiscalYear: number,
    proposalId: string,
    context: RequestContext,
    command: { type: 'ReleaseFiscalYearRules' | 'WithdrawFiscalYearRules'; reason?: string },
  ) {
    const outcome = await this.gateway.send(
      'fiscalYearRules',
      fiscalYear,
      { ...command, data: { fiscalYear, proposalId }, actor: context.actor, at: this.clock.now() },
      { metadata: commandMetadataOf(context) },
    );
    const proposal = outcome.state.proposals.find((p) => p.proposalId === proposalId)!;
    return { fiscalYear, position: outcome.position, ...proposalView(proposal) };
  }

  private origins(): Map<string, FiscalYearRulesProposal> {
    return new Map(
      this.ruleBook
        .releasedProposals()
        .flatMap((p) => p.programs.map((v) => [`${v.programId}/${v.versionId}`, p] as const)),
    );
  }

  private originOf(origins: Map<string, FiscalYearRulesProposal>, version: SubsidyProgramVersion) {
    const proposal = origins.get(`${version.programId}/${version.versionId}`);
    return proposal
      ? { origin: 'entered' as const, proposalId: proposal.proposalId, released: proposal.released }
      : { origin: 'code' as const };
  }
}

/** The table of a text/csv body (csv-parse): the header and each data row with its line. */
function csvTable(body: unknown): { header: string[]; rows: CsvRow[] } {
  if (typeof body !== 'string') {
    throw invalidRuleDocument([
      {
        field: '$',
        value: null,
        reason: 'the body is not a CSV table',
        expected: 'Content-Type: text/csv with a header row',
        line: 1,
        column: 1,
      },
    ]);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(body, { bom: true, info: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    throw invalidRuleDocument([
      {
        field: '$',
        value: null,
        reason: message,
        expected: 'a CSV table (RFC 4180)',
        line: lines ?? 1,
        column: 1,
      },
    ]);
  }
  const [head, ...data] = records;
  const header = (head?.record ?? []).map((name) => name.trim());
  const rows = data.map(({ record, info }) => ({
    line: info.lines,
    cells: Object.fromEntries(header.map((name, i) => [name, record[i] ?? ''])),
  }));
  return { header, rows };
}
