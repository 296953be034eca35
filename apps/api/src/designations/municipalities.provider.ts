import type { Provider } from '@nestjs/common';
import { loadTokyoMunicipalities } from '#platform';

/** The 62 Tokyo municipalities (data/reference), loaded and validated once at start-up. */
export const MUNICIPALITIES = 'zaitaku.municipalities';

export const municipalitiesProvider: Provider = {
  provide: MUNICIPALITIES,
  useFactory: () => loadTokyoMunicipalities(),
};
