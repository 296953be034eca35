import { v5 as uuidv5 } from 'uuid';

/** Namespace of every id Zaitaku derives (a fixed random UUID; never change it: stored ids depend on it). */
const ZAITAKU_NAMESPACE = '6f1c2a4e-3b7d-4c9a-8e21-5d0f7b9a1c33';

/**
 * The same parts always give the same UUID: a job run names its commands and events with these, so a
 * repeated run appends nothing new (the store treats a known event id at the same place as a retry).
 */
export function deterministicId(...parts: readonly (string | number)[]): string {
  return uuidv5(parts.map(String).join('\u001f'), ZAITAKU_NAMESPACE);
}
