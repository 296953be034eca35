import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';
import { RoleName } from '../../components/CodeNames.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Layout } from '../../components/Layout.tsx';
import { ui } from '../../components/ui.ts';

type Role = Schemas['DevelopmentSignInDto']['role'];
const ROLES: readonly Role[] = ['caseworker', 'approver', 'municipality', 'institution', 'auditor', 'admin'];

/**
 * Development and sandbox sign-in: a role, a name, a municipality or an institution. The api sets the
 * session cookie; with NODE_ENV=production it refuses (README, "Console").
 */
export function SignInPage() {
  const { t } = useTranslation(['signIn', 'common']);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  // Back to the page that sent the visitor here (only a path of this console).
  const next = searchParams.get('next');
  const target = next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  const [role, setRole] = useState<Role>('caseworker');
  const [name, setName] = useState('');
  const [municipalityCode, setMunicipalityCode] = useState('');
  const [institutionId, setInstitutionId] = useState('');
  const signIn = useMutation<Schemas['SessionDto'], ApiError>({
    mutationFn: async () =>
      dataOf(
        await api.POST('/session/development', {
          body: {
            role,
            name,
            ...(role === 'municipality' ? { municipalityCode } : {}),
            ...(role === 'institution' ? { institutionId } : {}),
          },
        }),
      ),
    onSuccess: (session) => {
      queryClient.setQueryData(['session'], session);
      void navigate(target);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <Layout title={t('title')}>
      <p className="mb-6 max-w-2xl text-solid-gray-800">{t('intro')}</p>
      <form onSubmit={submit} className="grid max-w-md gap-5" noValidate>
        <label className="block">
          {t('role')}
          <select className={ui.field} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                <RoleName role={value} />（{value}）
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          {t('name')}
          <input
            className={ui.field}
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="username"
            required
          />
        </label>
        {role === 'municipality' && (
          <label className="block">
            {t('municipalityCode')}
            <input
              className={ui.field}
              value={municipalityCode}
              onChange={(event) => setMunicipalityCode(event.target.value)}
              inputMode="numeric"
              placeholder="131016"
              required
            />
          </label>
        )}
        {role === 'institution' && (
          <label className="block">
            {t('institutionId')}
            <input
              className={ui.field}
              value={institutionId}
              onChange={(event) => setInstitutionId(event.target.value)}
              required
            />
          </label>
        )}
        {signIn.isError && <ErrorAlert error={signIn.error} />}
        <button
          type="submit"
          className="rounded-8 bg-key-900 px-4 py-3 font-bold text-white hover:bg-key-1000 disabled:bg-solid-gray-300"
          disabled={signIn.isPending}
        >
          {t('submit')}
        </button>
      </form>
    </Layout>
  );
}
