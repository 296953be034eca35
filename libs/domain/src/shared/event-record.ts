import type { Role } from './actor.ts';
import { formatCalendarDate, tokyoDateOf } from './calendar-date.ts';
import type { Command } from './command.ts';

/** Who did it, when (ISO instant from the command) and why: on every event, as well as in the envelope. */
export interface EventRecord {
  readonly actorId: string;
  readonly actorRole: Role;
  readonly at: string;
  readonly reason?: string;
}

/** The record of a command: its actor, its instant and its reason (the one given, or the command's own). */
export function recordOf(command: Command, reason?: string): EventRecord {
  const given = reason ?? command.reason?.trim();
  return {
    actorId: command.actor.id,
    actorRole: command.actor.role,
    at: command.at.toISOString(),
    ...(given ? { reason: given } : {}),
  };
}

/** The Tokyo date of the command, as events keep it ("YYYY-MM-DD"). */
export const commandDate = (command: Command): string => formatCalendarDate(tokyoDateOf(command.at));
