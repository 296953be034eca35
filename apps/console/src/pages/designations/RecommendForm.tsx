import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client.ts';
import { ui } from '../../components/ui.ts';
import type { Session } from '../../session.ts';
import { ButtonError, Field, SubmitButton } from './forms.tsx';
import { useRoundCommand } from './round-command.ts';

const FIELDS = [
  'recommendationId',
  'municipalityCode',
  'institution.institutionId',
  'institution.name',
  'institution.homeCareSupport',
  'consultation.parties',
  'consultation.heldOn',
  'consultation.summary',
];

const newRecommendationId = (code: string) => `rec-${code || 'x'}-${crypto.randomUUID().slice(0, 8)}`;

/**
 * 推薦: a municipality recommends an institution with the record of its consultation of local
 * stakeholders (地区医師会等). A municipality officer recommends for its own municipality only; Tokyo's
 * caseworker may enter one for any municipality of the round.
 */
export function RecommendForm({
  round,
  session,
}: {
  round: Schemas['DesignationRoundDto'];
  session: Session;
}) {
  const { t } = useTranslation('designations');
  const command = useRoundCommand(round.fiscalYear);
  const own = session.role === 'municipality' ? session.municipalityCode : undefined;
  const [formKey, setFormKey] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [recommendationId, setRecommendationId] = useState(() => newRecommendationId(own ?? ''));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body: Schemas['RecommendDto'] = {
      recommendationId: text('recommendationId'),
      municipalityCode: own ?? text('municipalityCode'),
      institution: {
        institutionId: text('institutionId'),
        name: text('institutionName'),
        homeCareSupport: form.get('homeCareSupport') === 'on',
      },
      consultation: {
        parties: text('parties')
          .split(/[、,，]/)
          .map((party) => party.trim())
          .filter((party) => party !== ''),
        heldOn: text('heldOn'),
        summary: text('summary'),
      },
    };
    setDone(null);
    command.submit(
      (init) =>
        api.POST('/designation-rounds/{fiscalYear}/recommendations', {
          params: { path: { fiscalYear: round.fiscalYear } },
          body,
          ...init,
        }),
      () => {
        setDone(t('recommended', { id: body.recommendationId }));
        setRecommendationId(newRecommendationId(own ?? ''));
        setFormKey((key) => key + 1);
      },
    );
  };
  const error = command.error;
  return (
    <form
      key={formKey}
      onSubmit={submit}
      aria-labelledby="recommend-heading"
      className="mt-6 max-w-2xl rounded-8 border border-solid-gray-420 p-4"
      noValidate
    >
      <h3 id="recommend-heading" className="mb-3 text-lg font-bold">
        {t('recommend')}
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('recommendationId')} field="recommendationId" error={error}>
          {(props) => (
            <input
              {...props}
              name="recommendationId"
              value={recommendationId}
              onChange={(event) => setRecommendationId(event.target.value)}
              className={ui.field}
            />
          )}
        </Field>
        <Field label={t('municipalityCode')} field="municipalityCode" error={error}>
          {(props) =>
            own ? (
              <input {...props} name="municipalityCode" value={own} readOnly className={ui.field} />
            ) : (
              <select
                {...props}
                name="municipalityCode"
                className={ui.field}
                defaultValue=""
                onChange={(event) => setRecommendationId(newRecommendationId(event.target.value))}
              >
                <option value="" disabled>
                  —
                </option>
                {round.municipalities.map((m) => (
                  <option key={m.municipalityCode} value={m.municipalityCode}>
                    {m.name}（{m.municipalityCode}）
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <Field label={t('institutionId')} field="institution.institutionId" error={error}>
          {(props) => <input {...props} name="institutionId" className={ui.field} />}
        </Field>
        <Field label={t('institutionName')} field="institution.name" error={error}>
          {(props) => <input {...props} name="institutionName" className={ui.field} />}
        </Field>
        <Field label={t('parties')} field="consultation.parties" error={error}>
          {(props) => <input {...props} name="parties" className={ui.field} />}
        </Field>
        <Field label={t('heldOn')} field="consultation.heldOn" error={error}>
          {(props) => <input {...props} name="heldOn" type="date" className={ui.field} />}
        </Field>
      </div>
      <div className="mt-3">
        <Field label={t('summary')} field="consultation.summary" error={error}>
          {(props) => <textarea {...props} name="summary" rows={2} className={ui.field} />}
        </Field>
      </div>
      <label className="mt-3 flex items-center gap-2 text-sm">
        <input type="checkbox" name="homeCareSupport" defaultChecked />
        {t('homeCareSupport')}
      </label>
      <div className="mt-4">
        <SubmitButton pending={command.isPending} label={t('submitRecommendation')} sending={t('sending')} />
        <ButtonError error={error} fields={FIELDS} />
        {done && (
          <p role="status" className="mt-2 text-sm">
            {done}
          </p>
        )}
      </div>
    </form>
  );
}
