import { refuse, requireId, requireReason } from '../shared/command-guards.ts';
import { type Yen, addYen, formatYen, yen } from '../shared/money.ts';
import type { ApplicationHandler } from './application-handler.ts';
import { baseOf, event, today } from './application-handler.ts';
import { type ApplicationState, netPaid, outstandingRefund } from './application-state.ts';

function positiveAmount(value: unknown, field: string): Yen {
  const amount = typeof value === 'number' && Number.isSafeInteger(value) ? value : Number.NaN;
  if (!(amount > 0)) {
    refuse('INVALID_MONEY', field, value ?? null, 'not a positive integer number of yen', 'an integer ≥ 1');
  }
  return yen(amount, field);
}

/** A payment or refund id seen before: the same amount is a repeat (nothing new), another is a conflict. */
function isRepeat(
  seen: readonly { readonly amount: Yen }[] | undefined,
  amount: Yen,
  field: string,
  id: string,
): boolean {
  const previous = seen?.[0];
  if (!previous) return false;
  if (previous.amount === amount) return true;
  return refuse(
    'DUPLICATE_PAYMENT',
    field,
    id,
    `already recorded with ${formatYen(previous.amount)}`,
    'a new id, or the same amount to repeat the recording',
  );
}

/** The granted amount before the confirmation (概算払), the confirmed amount after it (精算払). */
function paymentLimit(state: ApplicationState): { kind: 'advance' | 'settlement'; limit: Yen } {
  return state.stage === 'GrantDecided'
    ? { kind: 'advance', limit: state.grant!.amount }
    : { kind: 'settlement', limit: state.confirmedAmount! };
}

/** 支払: the total paid never exceeds the granted (advance) or confirmed (settlement) amount. */
export const recordPayment: ApplicationHandler<'RecordPayment'> = (command, state) => {
  const paymentId = requireId(command.data?.paymentId, 'paymentId');
  const amount = positiveAmount(command.data.amount, 'amount');
  const seen = state.payments.filter((p) => p.paymentId === paymentId);
  if (isRepeat(seen, amount, 'paymentId', paymentId)) return [];
  const { kind, limit } = paymentLimit(state);
  const totalPaid = addYen(netPaid(state), amount);
  if (totalPaid > limit) {
    refuse(
      'PAYMENT_EXCEEDS_LIMIT',
      'amount',
      amount,
      `${formatYen(netPaid(state))} paid so far + ${formatYen(amount)} exceeds the ${kind === 'advance' ? 'granted' : 'confirmed'} amount ${formatYen(limit)}`,
      `at most ${formatYen(yen(limit - netPaid(state)))}`,
    );
  }
  return [
    event('PaymentRecorded', {
      ...baseOf(state, command),
      paymentId,
      kind,
      paidOn: today(command),
      amount,
      totalPaid: addYen(state.paid, amount),
      limit,
    }),
  ];
};

/** 返還: what comes back of an ordered refund; never more than is outstanding. */
export const recordRefund: ApplicationHandler<'RecordRefund'> = (command, state) => {
  const reason = requireReason(command);
  const refundId = requireId(command.data?.refundId, 'refundId');
  const amount = positiveAmount(command.data.amount, 'amount');
  const seen = state.refunds.filter((r) => r.refundId === refundId);
  if (isRepeat(seen, amount, 'refundId', refundId)) return [];
  const outstanding = outstandingRefund(state);
  if (amount > outstanding) {
    refuse(
      'REFUND_EXCEEDS_ORDER',
      'amount',
      amount,
      `only ${formatYen(outstanding)} of the ordered refund is outstanding`,
      `at most ${formatYen(outstanding)}`,
    );
  }
  return [
    event('RefundRecorded', {
      ...baseOf(state, command, reason),
      refundId,
      receivedOn: today(command),
      reason,
      amount,
      totalRefunded: addYen(state.refunded, amount),
      outstanding: yen(outstanding - amount),
    }),
  ];
};

/** 完結: only when paid − refunded equals the confirmed amount. */
export const closeApplication: ApplicationHandler<'CloseApplication'> = (command, state) => {
  const confirmed = state.confirmedAmount!;
  const net = netPaid(state);
  if (net !== confirmed) {
    refuse(
      'NOT_SETTLED',
      'paid',
      net,
      `paid − refunded is ${formatYen(net)} but the confirmed amount is ${formatYen(confirmed)}`,
      `paid − refunded = ${formatYen(confirmed)}`,
    );
  }
  return [
    event('ApplicationClosed', {
      ...baseOf(state, command),
      closedOn: today(command),
      confirmedAmount: confirmed,
      totalPaid: state.paid,
      totalRefunded: state.refunded,
    }),
  ];
};
