import { useQuery } from '@tanstack/react-query';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';

/**
 * One Idempotency-Key per submission: a retry of the same click is answered once (README, "Idempotency").
 * 128 random bits (crypto.getRandomValues works outside secure contexts too, unlike randomUUID).
 */
export function idempotencyKey(): { 'Idempotency-Key': string } {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return {
    'Idempotency-Key': `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`,
  };
}

/** The programmes in force for a fiscal year, as released so far (GET /rules/catalogue). */
export function useCatalogue(fiscalYear: number) {
  return useQuery<Schemas['CatalogueDto'], ApiError>({
    queryKey: ['rules', 'catalogue', fiscalYear],
    queryFn: async () => dataOf(await api.GET('/rules/catalogue', { params: { query: { fiscalYear } } })),
  });
}
