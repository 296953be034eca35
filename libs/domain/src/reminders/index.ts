export * from './due-date-reminders.ts';
