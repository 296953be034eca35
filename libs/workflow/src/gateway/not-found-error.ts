/**
 * A command on an instance that does not exist, or that is not the actor's to see: the same answer for
 * both (404 over HTTP), so existence never leaks across scopes; `outOfScope` tells the security log.
 */
export class NotFoundError extends Error {
  constructor(
    readonly noun: string,
    readonly outOfScope: boolean,
  ) {
    super(`no such ${noun}, or not yours to see`);
    this.name = 'NotFoundError';
  }
}
