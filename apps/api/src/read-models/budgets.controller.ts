import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CLOCK, type Clock } from '#platform';
import { findProgramBudgets, READ_MODEL_DATA_SOURCE, SUBSIDY_PROJECTIONS } from '#projections';
import { CommandGateway } from '#workflow';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../audit-log/audit-access-log.ts';
import { CurrentRequest } from '../audit-log/request-context.ts';
import { Roles } from '../auth/access.decorators.ts';
import { commandMetadataOf } from '../commands/command-metadata.ts';
import { AllocateBudgetDto, BudgetsQueryDto } from './read-model-query.dto.ts';
import { BudgetCommandResponseDto, ProgramBudgetsDto } from './read-model-responses.dto.ts';
import { BUDGET_READERS } from './read-model-roles.ts';
import { READ_MODEL_QUERY_503, ReadYourWrites } from './read-your-writes.ts';

@ApiTags('budgets')
@Controller('budgets')
export class BudgetsController {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly readYourWrites: ReadYourWrites,
    private readonly gateway: CommandGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('caseworker')
  @ApiOperation({
    summary:
      '予算額の設定 (AllocateBudget) per programme and fiscal year; a changed amount replaces the old one and needs a reason',
  })
  @ApiCreatedResponse({ type: BudgetCommandResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'UNKNOWN_PROGRAM, RULE_NOT_IN_FORCE, REASON_REQUIRED' })
  async allocate(
    @Body() body: AllocateBudgetDto,
    @CurrentRequest() context: RequestContext,
  ): Promise<BudgetCommandResponseDto> {
    const { programId, fiscalYear, amount, reason } = body;
    const outcome = await this.gateway.send(
      'budget',
      { programId, fiscalYear },
      {
        type: 'AllocateBudget',
        data: { programId, fiscalYear, amount },
        actor: context.actor,
        at: this.clock.now(),
        ...(reason === undefined ? {} : { reason }),
      },
      { metadata: commandMetadataOf(context) },
    );
    return { programId, fiscalYear, position: outcome.position, events: outcome.events.map((e) => e.type) };
  }

  @Get()
  @Roles(...BUDGET_READERS)
  @ApiOperation({
    summary: 'Budget against decided (granted), confirmed, paid and refunded, per programme and fiscal year',
  })
  @ApiOkResponse({ type: ProgramBudgetsDto })
  @ApiServiceUnavailableResponse({
    description: READ_MODEL_QUERY_503,
  })
  async budgets(@Query() query: BudgetsQueryDto): Promise<ProgramBudgetsDto> {
    await this.readYourWrites.reach([SUBSIDY_PROJECTIONS.budgets], query.afterPosition);
    const rows = await findProgramBudgets(this.dataSource.manager, {
      ...(query.programId ? { programId: query.programId } : {}),
      ...(query.fiscalYear ? { fiscalYear: Number(query.fiscalYear) } : {}),
    });
    return {
      budgets: rows.map((row) => ({
        programId: row.programId,
        fiscalYear: row.fiscalYear,
        budgetAmount: row.budgetAmount,
        budgetReason: row.budgetReason,
        decidedAmount: row.decidedAmount,
        confirmedAmount: row.confirmedAmount,
        paidAmount: row.paidAmount,
        refundedAmount: row.refundedAmount,
        remainingAmount: row.budgetAmount === null ? null : row.budgetAmount - row.decidedAmount,
        grantedCases: row.grantedCases,
        position: row.position.toString(),
      })),
    };
  }
}
