import { DomainError } from './domain-error.ts';

/**
 * A command that the stream's current stage does not accept. It names the stage and the commands that
 * stage does accept, so the caller (the API answers 409) can tell the user what is possible instead.
 */
export class IllegalTransitionError extends DomainError {
  constructor(
    readonly commandType: string,
    readonly stage: string,
    readonly allowedCommands: readonly string[],
  ) {
    super('ILLEGAL_TRANSITION', {
      field: 'stage',
      value: stage,
      reason: `${commandType} is not allowed in stage ${stage}`,
      expected:
        allowedCommands.length === 0
          ? `no command: ${stage} is final`
          : `one of the commands allowed in ${stage}: ${allowedCommands.join(', ')}`,
    });
  }
}

/** Throws IllegalTransitionError unless the stage's table of allowed commands lists the command. */
export function assertCommandAllowed<Stage extends string, CommandType extends string>(
  table: Readonly<Record<Stage, readonly CommandType[]>>,
  stage: Stage,
  commandType: CommandType,
): void {
  const allowed = table[stage];
  if (!allowed.includes(commandType)) throw new IllegalTransitionError(commandType, stage, allowed);
}
