import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { FiscalYearRulesController } from './fiscal-year-rules.controller.ts';

@Module({ imports: [WorkflowModule], controllers: [FiscalYearRulesController] })
export class FiscalYearRulesModule {}
