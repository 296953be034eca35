import type { ErrorResponse } from './error-response.ts';

/**
 * The hook every error answer passes just before it is sent (sendErrorResponse, whichever filter made
 * the answer): the security log records refusals here. An observer puts itself on the request (a
 * middleware, before the guards run); the answer waits for it, but never changes because of it: an
 * observer that fails is ignored (it logs its own failure).
 */
export const ERROR_ANSWER_OBSERVER = Symbol('zaitaku:errorAnswerObserver');

export type ErrorAnswerObserver = (error: unknown, answer: ErrorResponse) => Promise<void>;

export interface ObservedRequest {
  [ERROR_ANSWER_OBSERVER]?: ErrorAnswerObserver;
}
