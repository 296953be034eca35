import { readFile } from 'node:fs/promises';
import { formatIssue, importMunicipalities, type Municipality } from '#domain';

/** data/reference/ at the repository root (also copied into the image). */
const MUNICIPALITIES_CSV = 'data/reference/tokyo-municipalities.csv';

/** The 62 Tokyo municipalities, validated (check digits) on every load: a bad file stops start-up. */
export async function loadTokyoMunicipalities(root = process.cwd()): Promise<Municipality[]> {
  const path = `${root}/${MUNICIPALITIES_CSV}`;
  const result = importMunicipalities(await readFile(path, 'utf8'));
  if (!result.ok) {
    throw new Error(`${path}: ${result.issues.map(formatIssue).join('; ')}`);
  }
  return result.value;
}
