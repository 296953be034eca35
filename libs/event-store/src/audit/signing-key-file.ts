import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EventStoreError } from '../port/errors.ts';
import { generateSigningKey, publicKeyFromPem, signingKeyFromPem, type SigningKey } from './signing-key.ts';
import type { KeyObject } from 'node:crypto';

/** Where a development machine keeps its audit key when AUDIT_SIGNING_KEY_FILE is not set (git-ignored). */
export const DEVELOPMENT_SIGNING_KEY_FILE = '.data/audit-signing-key.pem';

/**
 * The Ed25519 key that signs log checkpoints. In production it comes from AUDIT_SIGNING_KEY_FILE (a
 * PKCS#8 PEM file, mounted from a secret store). On a development machine a key is generated once and
 * kept in .data, so that `npm start` and the CLI work with nothing configured.
 */
export async function loadSigningKey(
  file: string | undefined,
  production: boolean,
): Promise<{ key: SigningKey; generated: boolean; file: string }> {
  if (file === undefined && production) {
    throw new EventStoreError(
      'INVALID_SIGNING_KEY',
      'AUDIT_SIGNING_KEY_FILE is not set: production signs audit checkpoints with a key from the secret store',
    );
  }
  const path = file ?? DEVELOPMENT_SIGNING_KEY_FILE;
  const pem = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && file === undefined) return undefined;
    throw new EventStoreError('INVALID_SIGNING_KEY', `AUDIT_SIGNING_KEY_FILE=${path}: ${error.message}`);
  });
  if (pem !== undefined) return { key: signingKeyFromPem(pem, path), generated: false, file: path };
  const generated = generateSigningKey();
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, generated.privatePem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process generated it first: use that one, so both sign with the same key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadSigningKey(path, production);
  }
  return { key: generated.key, generated: true, file: path };
}

export async function loadPublicKeyFile(path: string): Promise<KeyObject> {
  const pem = await readFile(path, 'utf8').catch((error: Error) => {
    throw new EventStoreError('INVALID_SIGNING_KEY', `--public-key ${path}: ${error.message}`);
  });
  return publicKeyFromPem(pem, path);
}
