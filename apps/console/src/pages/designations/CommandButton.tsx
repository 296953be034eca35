import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';
import { ui } from '../../components/ui.ts';
import { ButtonError, Field, SubmitButton } from './forms.tsx';
import { useRoundCommand, type Send } from './round-command.ts';

/**
 * A command of the round without fields: one button (disabled while sending), the refusal next to it,
 * and what it did (`done`) under it once the api has answered.
 */
export function CommandButton({
  fiscalYear,
  label,
  send,
  done,
  secondary = false,
}: {
  fiscalYear: number;
  label: string;
  send: Send;
  done?: (result: Schemas['DesignationCommandResponseDto']) => string;
  secondary?: boolean;
}) {
  const { t } = useTranslation('designations');
  const command = useRoundCommand(fiscalYear);
  const [message, setMessage] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    command.submit(send, done && ((result) => setMessage(done(result))));
  };
  return (
    <form onSubmit={submit}>
      <SubmitButton pending={command.isPending} label={label} sending={t('sending')} secondary={secondary} />
      <ButtonError error={command.error} />
      {message && (
        <p role="status" className="mt-2 text-sm">
          {message}
        </p>
      )}
    </form>
  );
}

/** A command that must say why (取下げ, 指定取消し): opened from its row, a reason field, one button. */
export function ReasonCommand({
  fiscalYear,
  label,
  send,
}: {
  fiscalYear: number;
  label: string;
  send: (reason: string) => Send;
}) {
  const { t } = useTranslation('designations');
  const command = useRoundCommand(fiscalYear);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    command.submit(send(String(new FormData(event.currentTarget).get('reason') ?? '').trim()));
  };
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-key-900">{label}</summary>
      <form onSubmit={submit} noValidate aria-label={label} className="mt-2 flex flex-col gap-2">
        <Field label={t('reason')} field="reason" error={command.error}>
          {(props) => <input {...props} name="reason" className={ui.field} />}
        </Field>
        <div>
          <SubmitButton pending={command.isPending} label={label} sending={t('sending')} secondary />
          <ButtonError error={command.error} fields={['reason']} />
        </div>
      </form>
    </details>
  );
}
