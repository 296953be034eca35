import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, dataOf, type ApiError, type Schemas } from '../api/client.ts';
import { ROLE_LABELS } from '../labels.ts';
import { navigate } from '../session.ts';
import { Layout } from './Layout.tsx';

type Role = Schemas['DevelopmentSignInDto']['role'];
const ROLES: readonly Role[] = ['caseworker', 'approver', 'municipality', 'institution', 'auditor', 'admin'];

const field = 'mt-1 block w-full rounded-8 border border-solid-gray-600 px-3 py-2';

/**
 * Development and sandbox sign-in: a role, a name, a municipality or an institution. The api sets the
 * session cookie; with NODE_ENV=production it refuses (README, "Console").
 */
export function SignInPage() {
  const queryClient = useQueryClient();
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
      navigate('/');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <Layout title="サインイン（開発用）">
      <p className="mb-6 max-w-2xl text-solid-gray-800">
        開発環境とサンドボックス専用です。役割と氏名（仮名）を選んでください。本番環境ではこの画面は使えません。
      </p>
      <form onSubmit={submit} className="grid max-w-md gap-5" noValidate>
        <label className="block">
          役割
          <select className={field} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABELS[value]}（{value}）
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          氏名（職員ID）
          <input
            className={field}
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="username"
            required
          />
        </label>
        {role === 'municipality' && (
          <label className="block">
            団体コード（6桁）
            <input
              className={field}
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
            医療機関等ID
            <input
              className={field}
              value={institutionId}
              onChange={(event) => setInstitutionId(event.target.value)}
              required
            />
          </label>
        )}
        {signIn.isError && (
          <div role="alert" className="rounded-8 border border-error-2 p-3 text-error-2">
            <p>{signIn.error.message}</p>
            {signIn.error.errors?.map((error) => (
              <p key={error.field}>
                {error.field}: {error.reason}
              </p>
            ))}
          </div>
        )}
        <button
          type="submit"
          className="rounded-8 bg-key-900 px-4 py-3 font-bold text-white hover:bg-key-1000 disabled:bg-solid-gray-300"
          disabled={signIn.isPending}
        >
          サインイン
        </button>
      </form>
    </Layout>
  );
}
