import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { EventStoreError } from '../port/errors.ts';

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

/** Identifies a public key: SHA-256 of its SPKI DER encoding, hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** An Ed25519 private key from PEM (PKCS#8), refusing any other kind of key. */
export function signingKeyFromPem(pem: string, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new EventStoreError(
      'INVALID_SIGNING_KEY',
      `${source}: not a PEM private key (${(error as Error).message})`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new EventStoreError(
      'INVALID_SIGNING_KEY',
      `${source}: an ${privateKey.asymmetricKeyType} key; audit checkpoints are signed with Ed25519`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export function publicKeyFromPem(pem: string, source: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
    throw new Error(`an ${key.asymmetricKeyType} key, expected Ed25519`);
  } catch (error) {
    throw new EventStoreError(
      'INVALID_SIGNING_KEY',
      `${source}: not an Ed25519 public key (${(error as Error).message})`,
    );
  }
}

export function generateSigningKey(): { key: SigningKey; privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    key: { privateKey, publicKey, keyId: keyIdOf(publicKey) },
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
