import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client.ts';
import type { FieldSchema } from '../../api/command-schema.ts';
import { COMMAND_SCHEMAS } from '../../api/command-schemas.ts';
import { ui } from '../../components/ui.ts';
import { useCommand, type CommandError } from '../../components/use-command.ts';
import { bodyOf, leavesOf, problemsOf, type FieldProblem, type FormValues } from './schema-form.ts';

type Answer = Schemas['ApplicationCommandResponseDto'];

/**
 * A command's form, its fields and checks from the api's schema of the command's body. The api's
 * answers show where they belong: a 400's fields next to the fields, a 409 (the stage moved on: the
 * commands allowed now) or a 422 (the rule's reason) next to the button. The button is disabled while
 * the one request is under way, so a double click sends one command.
 */
export function CommandForm({
  command,
  applicationId,
  initial = {},
  onDone,
  onCancel,
}: {
  command: string;
  applicationId?: string;
  initial?: FormValues;
  onDone: (answer: Answer) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('casePage');
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const schema = COMMAND_SCHEMAS[command]!.schema;
  const formId = useId();
  const [values, setValues] = useState<FormValues>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const path = COMMAND_SCHEMAS[command]!.path;
  // One POST per submission; sent again after no answer, the same Idempotency-Key (use-command.ts).
  const sender = useCommand<Record<string, unknown>, Answer>((body, headers) =>
    applicationId === undefined
      ? api.POST('/applications', { body: body as Schemas['DraftApplicationDto'], headers })
      : // Every case command shares the route shape (path parameter, body, answer): its path comes from the schema.
        api.POST(path as '/applications/{applicationId}/submit', {
          params: { path: { applicationId } },
          body: body as Schemas['ReasonDto'],
          headers,
        }),
  );
  const sending = sender.isPending;
  const commandName = tt(`command.${command}`, { defaultValue: command });
  const formRef = useRef<HTMLFormElement>(null);
  // An opened form takes the focus on its first field: the keyboard goes on from there.
  useEffect(
    () => formRef.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus(),
    [],
  );

  const describe = (problem: FieldProblem): string =>
    tt(problem.key, 'min' in problem ? { min: problem.min } : 'max' in problem ? { max: problem.max } : {});

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sending) return;
    const found = problemsOf(schema, values);
    setProblems(
      Object.fromEntries(Object.entries(found).map(([path, problem]) => [path, describe(problem)])),
    );
    setFailure(null);
    if (Object.keys(found).length > 0) {
      focusFirstProblem(event.currentTarget);
      return;
    }
    const body = bodyOf(schema, values);
    const form = event.currentTarget;
    sender.submit(body, { onSuccess: onDone, onError: (error) => showError(error, form) });
  };

  const showError = (error: CommandError, form: HTMLFormElement) => {
    if (error.status === 400 && error.errors?.length) {
      const known = new Set(leavesOf(schema).map((leaf) => leaf.path));
      const byField = Object.fromEntries(
        error.errors.filter((e) => known.has(e.field)).map((e) => [e.field, e.reason]),
      );
      setProblems(byField);
      const others = error.errors.filter((e) => !known.has(e.field));
      if (others.length > 0) setFailure(others.map((e) => `${e.field}: ${e.reason}`).join(' / '));
      focusFirstProblem(form);
      return;
    }
    if (error.status === 409 && error.allowedCommands) {
      const allowed = error.allowedCommands.map((c) => tt(`command.${c}`, { defaultValue: c })).join('、');
      setFailure(tt('conflict', { stage: error.stage, allowed: allowed || '—' }));
      return;
    }
    if (error.status === 422) {
      const said = [error.field, error.reason].filter(Boolean).join(': ');
      const reason = said ? `${said}${error.expected ? `（${error.expected}）` : ''}` : error.message;
      setFailure(tt('refused', { reason }));
      return;
    }
    if (error.status === 0) return setFailure(t('networkError'));
    setFailure(error.message ?? error.error ?? String(error.status));
  };

  const set = (path: string, value: string) => setValues((current) => ({ ...current, [path]: value }));

  const field = (path: string, property: FieldSchema, required: boolean): ReactNode => {
    const id = `${formId}-${path}`;
    const problem = problems[path];
    const common = {
      id,
      name: path,
      value: values[path] ?? '',
      'aria-invalid': problem ? true : undefined,
      'aria-describedby': problem ? `${id}-error` : undefined,
      'aria-required': required || undefined,
      className: ui.field,
    } as const;
    const onChange = (event: { target: { value: string } }) => set(path, event.target.value);
    let input: ReactNode;
    if (property.enum) {
      input = (
        <select {...common} onChange={onChange}>
          <option value="">{t('unset')}</option>
          {property.enum.map((option) => (
            <option key={option} value={option}>
              {tt(`kind.${option}`, { defaultValue: String(option) })}
            </option>
          ))}
        </select>
      );
    } else if (property.type === 'boolean') {
      input = (
        <select {...common} onChange={onChange}>
          <option value="">{t('unset')}</option>
          <option value="true">{t('booleanYes')}</option>
          <option value="false">{t('booleanNo')}</option>
        </select>
      );
    } else if (property.type === 'number' || property.type === 'integer') {
      input = (
        <input
          {...common}
          type="number"
          inputMode="numeric"
          step={1}
          min={property.minimum}
          max={property.maximum}
          onChange={onChange}
        />
      );
    } else if (property.type === 'array') {
      const numbers = property.items?.type === 'number' || property.items?.type === 'integer';
      input = numbers ? (
        <input {...common} type="text" onChange={onChange} />
      ) : (
        <textarea {...common} rows={3} onChange={onChange} />
      );
    } else if (property.format === 'date') {
      input = <input {...common} type="date" onChange={onChange} />;
    } else if ((property.maxLength ?? 0) >= 2000) {
      input = <textarea {...common} rows={2} maxLength={property.maxLength} onChange={onChange} />;
    } else {
      input = <input {...common} type="text" maxLength={property.maxLength} onChange={onChange} />;
    }
    const hint =
      property.type === 'array'
        ? property.items?.type === 'string'
          ? t('onePerLine')
          : t('commaSeparated')
        : null;
    return (
      <div key={path} className="mb-3">
        <label htmlFor={id} className="block text-sm font-bold">
          {tt(`fields.${path}`, { defaultValue: path })}
          {required && <span className="ml-1 text-error-2">（{t('required')}）</span>}
          {hint && <span className="ml-1 font-normal text-solid-gray-700">（{hint}）</span>}
        </label>
        {input}
        {problem && (
          <p id={`${id}-error`} className="mt-1 text-sm text-error-2" role="alert">
            {problem}
          </p>
        )}
      </div>
    );
  };

  const object = (objectSchema: FieldSchema, prefix: string): ReactNode[] =>
    optionalGroupsLast(objectSchema).map(([name, property]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      const required = (objectSchema.required ?? []).includes(name);
      if (property.type === 'object' || property.properties) {
        return (
          <fieldset key={path} className="mb-3 rounded-8 border border-solid-gray-420 p-3">
            <legend className="px-1 font-bold">{tt(`fields.${path}.legend`, { defaultValue: path })}</legend>
            {object(property, path)}
          </fieldset>
        );
      }
      return field(path, property, required);
    });

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-label={commandName}
      className="mt-4 rounded-8 border border-key-900 bg-white p-4"
    >
      <h3 className="mb-3 text-lg font-bold">{commandName}</h3>
      {object(schema, '')}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={ui.primaryButton} disabled={sending}>
          {sending ? t('sending') : t('send')}
        </button>
        <button type="button" className={ui.secondaryButton} onClick={onCancel} disabled={sending}>
          {t('cancel')}
        </button>
      </div>
      {failure && (
        <p role="alert" className="mt-3 rounded-8 border border-error-2 bg-red-50 p-3 text-error-2">
          {failure}
        </p>
      )}
    </form>
  );
}

/** The properties in the schema's order, but the optional groups (数量, 退院支援加算…) after the rest. */
function optionalGroupsLast(schema: FieldSchema): [string, FieldSchema][] {
  const entries = Object.entries(schema.properties ?? {});
  const optionalGroup = ([name, property]: [string, FieldSchema]) =>
    property.properties !== undefined && !(schema.required ?? []).includes(name);
  return [...entries.filter((entry) => !optionalGroup(entry)), ...entries.filter(optionalGroup)];
}

function focusFirstProblem(form: HTMLFormElement): void {
  // After React renders the messages: the first invalid field takes the focus (keyboard users land on it).
  queueMicrotask(() =>
    setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0),
  );
}
