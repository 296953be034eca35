import { useQuery } from '@tanstack/react-query';
import { api, dataOf, type ApiError, type Schemas } from '../../api/client.ts';

/** The programmes in force for a fiscal year, as released so far (GET /rules/catalogue). */
export function useCatalogue(fiscalYear: number) {
  return useQuery<Schemas['CatalogueDto'], ApiError>({
    queryKey: ['rules', 'catalogue', fiscalYear],
    queryFn: async () => dataOf(await api.GET('/rules/catalogue', { params: { query: { fiscalYear } } })),
  });
}
