import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

/** Why the issuer's sign-in came back to this page (GET /session/oidc/callback → /sign-in?error=). */
const OIDC_ERRORS = ['OIDC_FLOW_EXPIRED', 'OIDC_CLAIMS_REFUSED', 'OIDC_SIGN_IN_FAILED'] as const;
type OidcError = (typeof OIDC_ERRORS)[number];

/**
 * The sign-ins the api offers (GET /session/options): with the organisation's account (OpenID Connect,
 * the api redirects to the issuer and back) and, outside production, the development sign-in: a role,
 * a name, a municipality or an institution. Either way the api sets the session cookie
 * (docs/console/sign-in.md).
 */
export function SignInPage() {
  const { t } = useTranslation(['signIn', 'common']);
  const [searchParams] = useSearchParams();
  // Back to the page that sent the visitor here (only a path of this console).
  const next = searchParams.get('next');
  const target = next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  const options = useQuery<Schemas['SessionOptionsDto'], ApiError>({
    queryKey: ['session-options'],
    queryFn: async () => dataOf(await api.GET('/session/options')),
    staleTime: Infinity,
  });
  const oidcError = searchParams.get('error') as OidcError | null;
  const development = options.data?.development === true;
  return (
    <Layout title={t(development && options.data?.oidc !== true ? 'title' : 'titleOrganisation')}>
      {options.isError && <ErrorAlert error={options.error} />}
      {oidcError !== null && (OIDC_ERRORS as readonly string[]).includes(oidcError) && (
        <p role="alert" className="mb-6 max-w-2xl rounded-8 border border-error-2 bg-red-50 p-3 text-error-2">
          {t(`errors.${oidcError}`)}
        </p>
      )}
      {options.data?.oidc === true && (
        <section className="mb-8 max-w-md">
          <p className="mb-4 text-solid-gray-800">{t('organisationIntro')}</p>
          <a
            href={`/session/oidc/start?next=${encodeURIComponent(target)}`}
            className="inline-block rounded-8 bg-key-900 px-4 py-3 font-bold text-white hover:bg-key-1000"
          >
            {t('organisation')}
          </a>
        </section>
      )}
      {development && <DevelopmentForm target={target} organisation={options.data?.oidc === true} />}
    </Layout>
  );
}

/** Development and the sandbox only: a role, a name, a municipality or an institution. */
function DevelopmentForm({ target, organisation }: { target: string; organisation: boolean }) {
  const { t } = useTranslation(['signIn', 'common']);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
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
    <section>
      {organisation && <h2 className="mb-4 text-xl font-bold">{t('developmentHeading')}</h2>}
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
    </section>
  );
}
