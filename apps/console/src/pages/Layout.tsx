import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../api/client.ts';
import { ROLE_LABELS } from '../labels.ts';
import { navigate, type Session } from '../session.ts';

/** The page frame: the service's name, who is signed in, sign-out; the page's heading and content. */
export function Layout({
  title,
  session,
  children,
}: {
  title: string;
  session?: Session;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => api.POST('/session/sign-out'),
    onSuccess: async () => {
      queryClient.clear();
      navigate('/sign-in');
    },
  });
  return (
    <>
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-4">
          <p className="text-lg font-bold text-key-900">在宅療養支援 事務コンソール</p>
          {session && (
            <div className="flex items-center gap-4 text-sm">
              <span>
                {session.id}（{ROLE_LABELS[session.role] ?? session.role}
                {session.municipalityCode ? `・${session.municipalityCode}` : ''}
                {session.institutionId ? `・${session.institutionId}` : ''}）
              </span>
              <button
                type="button"
                className="rounded-8 border border-key-900 px-3 py-1 text-key-900 hover:bg-key-50"
                onClick={() => signOut.mutate()}
                disabled={signOut.isPending}
              >
                サインアウト
              </button>
            </div>
          )}
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">
        <h1 className="mb-6 text-2xl font-bold">{title}</h1>
        {children}
      </main>
    </>
  );
}
