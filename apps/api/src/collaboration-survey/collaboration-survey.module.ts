import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { municipalitiesProvider } from '../designations/municipalities.provider.ts';
import { CollaborationSurveyController } from './collaboration-survey.controller.ts';

@Module({
  imports: [WorkflowModule],
  controllers: [CollaborationSurveyController],
  providers: [municipalitiesProvider],
})
export class CollaborationSurveyModule {}
