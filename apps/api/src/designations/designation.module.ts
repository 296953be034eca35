import { Module } from '@nestjs/common';
import { WorkflowModule } from '#workflow';
import { DesignationController } from './designation.controller.ts';
import { DesignationService } from './designation.service.ts';
import { municipalitiesProvider } from './municipalities.provider.ts';

@Module({
  imports: [WorkflowModule],
  controllers: [DesignationController],
  providers: [DesignationService, municipalitiesProvider],
})
export class DesignationModule {}
