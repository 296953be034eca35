import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client.ts';
import { ButtonError, SubmitButton } from './forms.tsx';
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
