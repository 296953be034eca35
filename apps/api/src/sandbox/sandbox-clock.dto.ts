import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class SandboxClockDto {
  @ApiProperty({
    example: '2017-04-03',
    description: 'The Tokyo calendar day to move the sandbox to (forward only)',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a calendar date YYYY-MM-DD' })
  readonly date!: string;
}
