import type { EligibilityFacts } from '../rules/eligibility/eligibility-facts.ts';
import type { BaseAmountQuantity } from '../rules/base-amount.ts';
import type { Command } from '../shared/command.ts';
import type { ApplicationAmountsInput, ApplicationRef } from './application-terms.ts';

/** The facts a reviewer establishes; the fiscal year and programme year come from the application. */
export type ReviewFacts = Omit<EligibilityFacts, 'fiscalYear' | 'programYear'>;

type NoData = Record<string, never>;

/** Every command carries actor, at and (where the step needs it, required) reason: see Command. */
export type ApplicationCommand =
  | Command<'DraftApplication', ApplicationRef & ApplicationAmountsInput>
  | Command<'SubmitApplication', NoData>
  | Command<'StartReview', { readonly facts: ReviewFacts }>
  | Command<
      'RequestCorrection',
      {
        readonly items: readonly string[];
        /** YYYY-MM-DD; defaults to the command's date + the programme's correction response period. */
        readonly responseDueDate?: string;
      }
    >
  | Command<
      'ResubmitApplication',
      Partial<ApplicationAmountsInput> & {
        /** The applicant's answer to the correction items. */
        readonly response?: string;
      }
    >
  | Command<'DecideGrant', NoData>
  | Command<'RejectApplication', NoData>
  | Command<'WithdrawApplication', NoData>
  | Command<'RequestChange', Partial<ApplicationAmountsInput> & { readonly changeId: string }>
  | Command<'ApproveChange', NoData>
  | Command<'RejectChange', NoData>
  | Command<'RecordPayment', { readonly paymentId: string; readonly amount: number }>
  | Command<
      'ReportPerformance',
      {
        readonly actualExpenditure: number;
        readonly otherIncome: number;
        /** The actual persons / units / persons per month; defaults to the granted quantity. */
        readonly quantity?: BaseAmountQuantity;
      }
    >
  | Command<'ConfirmAmount', NoData>
  | Command<'RecordRefund', { readonly refundId: string; readonly amount: number }>
  | Command<'CloseApplication', NoData>;

export type ApplicationCommandType = ApplicationCommand['type'];

export type ApplicationCommandOf<T extends ApplicationCommandType> = Extract<ApplicationCommand, { type: T }>;

export const APPLICATION_COMMAND_TYPES: readonly ApplicationCommandType[] = [
  'DraftApplication',
  'SubmitApplication',
  'StartReview',
  'RequestCorrection',
  'ResubmitApplication',
  'DecideGrant',
  'RejectApplication',
  'WithdrawApplication',
  'RequestChange',
  'ApproveChange',
  'RejectChange',
  'RecordPayment',
  'ReportPerformance',
  'ConfirmAmount',
  'RecordRefund',
  'CloseApplication',
];
