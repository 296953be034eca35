import { useId, type ReactNode } from 'react';
import { ui } from '../../components/ui.ts';
import { fieldError, type CommandError } from './round-command.ts';

/** A labelled field whose api error (by its field name) shows under it and describes it. */
export function Field({
  label,
  field,
  error,
  children,
}: {
  label: string;
  field: string;
  error: CommandError | null;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const reason = fieldError(error, field);
  return (
    <div className="text-sm">
      <label htmlFor={id} className="block">
        {label}
      </label>
      {children({
        id,
        ...(reason ? { 'aria-describedby': `${id}-error`, 'aria-invalid': true } : {}),
      })}
      {reason && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-error-2">
          {reason}
        </p>
      )}
    </div>
  );
}

/** Next to a form's button: the refusal, unless each of its reasons is shown under a field of the form. */
export function ButtonError({ error, fields = [] }: { error: CommandError | null; fields?: string[] }) {
  if (error === null) return null;
  const elsewhere = (error.errors ?? []).filter((e) => !fields.includes(e.field));
  const onField =
    (error.field !== undefined && fields.includes(error.field)) ||
    (error.errors !== undefined && elsewhere.length === 0);
  if (onField) return null;
  return (
    <div role="alert" className="mt-2 rounded-8 border border-error-2 bg-red-50 p-2 text-sm text-error-2">
      <p>{error.message}</p>
      {elsewhere.map((e) => (
        <p key={e.field}>
          {e.field}: {e.reason}
        </p>
      ))}
    </div>
  );
}

/** A submit button, disabled (and saying so) while its command is on its way. */
export function SubmitButton({
  pending,
  label,
  sending,
  secondary = false,
}: {
  pending: boolean;
  label: string;
  sending: string;
  secondary?: boolean;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className={secondary ? ui.secondaryButton : ui.primaryButton}
    >
      {pending ? sending : label}
    </button>
  );
}
