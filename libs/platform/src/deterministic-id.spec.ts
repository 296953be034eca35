import { describe, expect, it } from '@jest/globals';
import { v5 as uuidv5 } from 'uuid';
import { deterministicId } from './deterministic-id.ts';

describe('deterministicId', () => {
  it('is the uuid package v5 id of the parts joined by U+001F, in the Zaitaku namespace (ids already stored)', () => {
    const namespace = '6f1c2a4e-3b7d-4c9a-8e21-5d0f7b9a1c33';
    const cases: (string | number)[][] = [
      ['past-case-import', 'H28-0001', 0, 'ApplicationDrafted'],
      ['past-case-import', '受付-平成28年度-𠮷', 11, 'GrantDecided'],
      [''],
      [],
      ['a\u001fb', -1.5, 'ü'],
    ];
    for (const parts of cases)
      expect(deterministicId(...parts)).toBe(uuidv5(parts.map(String).join('\u001f'), namespace));
    // Pinned: a change of namespace or algorithm would give every stored event a new id.
    expect(deterministicId('past-case-import', 'H28-0001', 0, 'ApplicationDrafted')).toBe(
      '615b3947-6122-5117-bea5-87cb068f6579',
    );
  });

  it('refuses a name with a lone surrogate, as uuid does (it has no UTF-8)', () => {
    expect(() => deterministicId('x\ud800')).toThrow();
  });
});
