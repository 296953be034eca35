import type { Role } from './actor.ts';
import type { Command } from './command.ts';
import { DomainError, type DomainErrorCode } from './domain-error.ts';

/** Throws a DomainError with the details a caller needs to fix the request. */
export function refuse(
  code: DomainErrorCode,
  field: string,
  value: unknown,
  reason: string,
  expected: string,
): never {
  throw new DomainError(code, { field, value, reason, expected });
}

/** The trimmed reason of a command that must say why (reject, withdraw, correction request…). */
export function requireReason(command: Command): string {
  const reason = command.reason?.trim();
  if (!reason) {
    return refuse(
      'REASON_REQUIRED',
      'reason',
      command.reason ?? null,
      `${command.type} must say why`,
      'a non-empty reason',
    );
  }
  return reason;
}

export function requireRole(command: Command, roles: readonly Role[]): void {
  if (!roles.includes(command.actor.role)) {
    refuse(
      'ROLE_NOT_ALLOWED',
      'actor.role',
      command.actor.role,
      `${command.type} cannot be issued by a ${command.actor.role}`,
      `one of the roles ${roles.join(', ')}`,
    );
  }
}

/** A non-empty identifier in command data. */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    return refuse('INVALID_COMMAND_DATA', field, value ?? null, 'missing or empty', 'a non-empty id');
  }
  return value;
}
