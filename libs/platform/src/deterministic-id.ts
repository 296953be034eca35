import { hash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of every id Zaitaku derives (a fixed random UUID; never change it: stored ids depend on it). */
const ZAITAKU_NAMESPACE = '6f1c2a4e-3b7d-4c9a-8e21-5d0f7b9a1c33';
const NAMESPACE_BYTES = Buffer.from(ZAITAKU_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * The same parts always give the same UUID: a job run names its commands and events with these, so a
 * repeated run appends nothing new (the store treats a known event id at the same place as a retry).
 *
 * A version 5 UUID (RFC 9562: SHA-1 of the namespace and the name's UTF-8), computed here with
 * one node:crypto call — the uuid package's v5 gives the same id at several times the cost (issue
 * #17: the import names every event so). A name with a lone surrogate has no UTF-8: uuid refuses it.
 */
export function deterministicId(...parts: readonly (string | number)[]): string {
  const name = parts.map(String).join('\u001f');
  if (!name.isWellFormed()) return uuidv5(name, ZAITAKU_NAMESPACE);
  const bytes = hash('sha1', Buffer.concat([NAMESPACE_BYTES, Buffer.from(name, 'utf8')]), 'buffer');
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
