import { useQuery } from '@tanstack/react-query';
import { api, dataOf, type ApiError, type Schemas } from './api/client.ts';

export type Session = Schemas['SessionDto'];

/** Who is signed in: GET /session (401 → nobody). */
export function useSession() {
  return useQuery<Session | null, ApiError>({
    queryKey: ['session'],
    queryFn: async () => {
      const answer = await api.GET('/session');
      if (answer.response.status === 401) return null;
      return dataOf(answer);
    },
    staleTime: 60_000,
  });
}
