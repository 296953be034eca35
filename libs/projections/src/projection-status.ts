/**
 * Where a projection is, for /health and operators. Positions are decimal strings (bigint has no JSON).
 * - catching-up: reading full batches; live: at the head, waiting for appends;
 * - retrying: a batch failed and will be tried again (lastError says why);
 * - parked: stopped after repeated failures at failedPosition, until the process restarts;
 * - superseded: the database holds a newer version of this projection (a newer deployment rebuilds it);
 * - running: seen from a process that does not run it (the api), its checkpoint is not parked;
 * - standby: this worker lacks the projection's lease (another replica runs it, `owner`) and polls for it.
 */
export type ProjectionState =
  | 'stopped'
  | 'starting'
  | 'catching-up'
  | 'live'
  | 'retrying'
  | 'parked'
  | 'superseded'
  | 'running'
  | 'standby';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly state: ProjectionState;
  readonly position: string;
  /** Events applied (of the projector's types) since this runner started. */
  readonly eventsApplied: number;
  /** Consecutive failures of the current batch. */
  readonly failures: number;
  readonly lastError?: string;
  readonly failedPosition?: string;
  /** The worker holding the projection's lease (`<hostname>/<pid>` by default), if one does. */
  readonly owner?: string;
}
