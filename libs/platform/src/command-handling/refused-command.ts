/** Which command a decider refused, and on which stream: for the api's security log. */
export interface RefusedCommand {
  /** The domain command type (DecideGrant, DraftApplication…). */
  readonly command: string;
  readonly streamId: string;
}

// Keyed by the error object itself: nothing is added to the error, and nothing is kept once it is gone.
const refusals = new WeakMap<object, RefusedCommand>();

/** Notes that `error` is a decider's refusal of `refused` (the command gateway does, for whatever a decision step throws). */
export function noteRefusedCommand(error: unknown, refused: RefusedCommand): void {
  if (typeof error === 'object' && error !== null && !refusals.has(error)) refusals.set(error, refused);
}

/** The command and stream an error refused, when it came from a decision step of the command gateway. */
export function refusedCommandOf(error: unknown): RefusedCommand | undefined {
  return typeof error === 'object' && error !== null ? refusals.get(error) : undefined;
}
