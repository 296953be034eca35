import { Module } from '@nestjs/common';
import { DesignationController } from './designation.controller.ts';
import { DesignationService } from './designation.service.ts';
import { municipalitiesProvider } from './municipalities.provider.ts';

@Module({
  controllers: [DesignationController],
  providers: [DesignationService, municipalitiesProvider],
})
export class DesignationModule {}
