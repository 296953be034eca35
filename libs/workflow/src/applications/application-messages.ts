import type { ApplicationCommandOf, ApplicationCommandType, ApplicationEvent } from '#domain';
import { DomainCommandMessage } from '#platform';

/**
 * An application command addressed to its stream: the domain's commands (but DraftApplication) do not
 * name the case, the stream does; `applicationId` says which one (`application-<applicationId>`).
 */
export type ApplicationStreamCommand<T extends ApplicationCommandType = ApplicationCommandType> =
  ApplicationCommandOf<T> & { readonly applicationId: string };

/** Base of the CommandBus messages of the application lifecycle, one subclass per command type. */
export abstract class ApplicationMessage<
  T extends ApplicationCommandType = ApplicationCommandType,
> extends DomainCommandMessage<ApplicationStreamCommand<T>, ApplicationEvent> {}

export class DraftApplication extends ApplicationMessage<'DraftApplication'> {}
export class SubmitApplication extends ApplicationMessage<'SubmitApplication'> {}
export class StartReview extends ApplicationMessage<'StartReview'> {}
export class RequestCorrection extends ApplicationMessage<'RequestCorrection'> {}
export class ResubmitApplication extends ApplicationMessage<'ResubmitApplication'> {}
export class DecideGrant extends ApplicationMessage<'DecideGrant'> {}
export class RejectApplication extends ApplicationMessage<'RejectApplication'> {}
export class WithdrawApplication extends ApplicationMessage<'WithdrawApplication'> {}
export class RequestChange extends ApplicationMessage<'RequestChange'> {}
export class ApproveChange extends ApplicationMessage<'ApproveChange'> {}
export class RejectChange extends ApplicationMessage<'RejectChange'> {}
export class RecordPayment extends ApplicationMessage<'RecordPayment'> {}
export class ReportPerformance extends ApplicationMessage<'ReportPerformance'> {}
export class ConfirmAmount extends ApplicationMessage<'ConfirmAmount'> {}
export class RecordRefund extends ApplicationMessage<'RecordRefund'> {}
export class CloseApplication extends ApplicationMessage<'CloseApplication'> {}

type MessageClass<T extends ApplicationCommandType> = new (
  ...args: ConstructorParameters<typeof DomainCommandMessage<ApplicationStreamCommand<T>, ApplicationEvent>>
) => ApplicationMessage<T>;

/** The message class of each command type: `new (APPLICATION_MESSAGES[type])(command, metadata)`. */
export const APPLICATION_MESSAGES: { readonly [T in ApplicationCommandType]: MessageClass<T> } = {
  DraftApplication,
  SubmitApplication,
  StartReview,
  RequestCorrection,
  ResubmitApplication,
  DecideGrant,
  RejectApplication,
  WithdrawApplication,
  RequestChange,
  ApproveChange,
  RejectChange,
  RecordPayment,
  ReportPerformance,
  ConfirmAmount,
  RecordRefund,
  CloseApplication,
};
