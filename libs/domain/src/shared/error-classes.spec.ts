import { describe, expect, it } from '@jest/globals';
import { DOMAIN_ERROR_CLASSES, HTTP_STATUS_OF_ERROR_CLASS, domainErrorClassOf } from './error-classes.ts';
import { IllegalTransitionError } from './illegal-transition-error.ts';

describe('the class of each domain error code', () => {
  it('maps stage conflicts to 409, actor refusals to 403 and rule refusals to 422', () => {
    expect(HTTP_STATUS_OF_ERROR_CLASS[domainErrorClassOf('ILLEGAL_TRANSITION')]).toBe(409);
    expect(HTTP_STATUS_OF_ERROR_CLASS[domainErrorClassOf('FOUR_EYES_VIOLATION')]).toBe(403);
    expect(HTTP_STATUS_OF_ERROR_CLASS[domainErrorClassOf('ROLE_NOT_ALLOWED')]).toBe(403);
    expect(HTTP_STATUS_OF_ERROR_CLASS[domainErrorClassOf('OUT_OF_SCOPE')]).toBe(403);
    expect(HTTP_STATUS_OF_ERROR_CLASS[domainErrorClassOf('OUTSIDE_APPLICATION_WINDOW')]).toBe(422);
    expect(domainErrorClassOf('A_CODE_FROM_THE_FUTURE')).toBe('unprocessable');
    expect(Object.values(DOMAIN_ERROR_CLASSES).every((c) => c in HTTP_STATUS_OF_ERROR_CLASS)).toBe(true);
  });

  it('an illegal transition names the stage and the allowed commands', () => {
    const error = new IllegalTransitionError('DecideGrant', 'Draft', [
      'SubmitApplication',
      'WithdrawApplication',
    ]);
    expect(error).toMatchObject({ code: 'ILLEGAL_TRANSITION', stage: 'Draft' });
    expect(error.allowedCommands).toEqual(['SubmitApplication', 'WithdrawApplication']);
    expect(error.message).toBe(
      'ILLEGAL_TRANSITION: stage = "Draft": DecideGrant is not allowed in stage Draft (expected one of the commands allowed in Draft: SubmitApplication, WithdrawApplication)',
    );
  });
});
