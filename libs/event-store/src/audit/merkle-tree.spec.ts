import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  consistencyPath,
  EMPTY_TREE_ROOT,
  eventLeafHash,
  inclusionPath,
  MerkleFrontier,
  nodeHash,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree.ts';

const leaf = (i: number) => eventLeafHash(createHash('sha256').update(String(i)).digest('hex'), String(i));
const leaves = Array.from({ length: 70 }, (_, i) => leaf(i));
const flip = (hex: string) => (hex[0] === 'a' ? 'b' : 'a') + hex.slice(1);

describe('Merkle tree (RFC 6962)', () => {
  it('given the RFC structure, the root of 3 leaves is H(1 ‖ H(1 ‖ l0 ‖ l1) ‖ l2) and of none is SHA-256("")', () => {
    expect(subtreeRoot(leaves, 0, 3)).toBe(nodeHash(nodeHash(leaves[0]!, leaves[1]!), leaves[2]!));
    expect(subtreeRoot([])).toBe(EMPTY_TREE_ROOT);
    expect(EMPTY_TREE_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('given leaves appended one by one, the frontier root equals the full recomputation at every size, and resumes from its own nodes', () => {
    const frontier = new MerkleFrontier();
    for (let n = 1; n <= leaves.length; n++) {
      frontier.append(leaves[n - 1]!);
      expect(frontier.root()).toBe(subtreeRoot(leaves, 0, n));
      expect(frontier.frontier.length).toBe(n.toString(2).replaceAll('0', '').length);
    }
    const resumed = new MerkleFrontier(33, rebuilt(33));
    resumed.append(leaves[33]!);
    expect(resumed.root()).toBe(subtreeRoot(leaves, 0, 34));
    expect(() => new MerkleFrontier(5, rebuilt(4))).toThrow('levels 2, 0');
  });

  it('given every leaf of trees of 1..70 leaves, its inclusion proof verifies, and fails for another leaf, index or path node', () => {
    for (const size of [1, 2, 3, 7, 8, 9, 31, 64, 70]) {
      const root = subtreeRoot(leaves, 0, size);
      for (let i = 0; i < size; i++) {
        const path = inclusionPath(leaves, i, size);
        expect(verifyInclusion(leaves[i]!, i, size, path, root)).toBe(true);
        expect(verifyInclusion(flip(leaves[i]!), i, size, path, root)).toBe(false);
        if (size > 1) expect(verifyInclusion(leaves[i]!, (i + 1) % size, size, path, root)).toBe(false);
        if (path.length > 0)
          expect(verifyInclusion(leaves[i]!, i, size, [flip(path[0]!), ...path.slice(1)], root)).toBe(false);
      }
    }
  });

  it('given any two sizes, the consistency proof verifies; an altered node or root fails (the size is signed with the root)', () => {
    for (let second = 1; second <= 40; second++) {
      for (let first = 0; first <= second; first++) {
        const [a, b] = [subtreeRoot(leaves, 0, first), subtreeRoot(leaves, 0, second)];
        const path = consistencyPath(leaves, first, second);
        expect(verifyConsistency(first, second, a, b, path)).toBe(true);
        if (first > 0 && first < second) {
          expect(verifyConsistency(first, second, flip(a), b, path)).toBe(false);
          expect(verifyConsistency(first, second, a, flip(b), path)).toBe(false);
          expect(verifyConsistency(first, second, a, b, [flip(path[0]!), ...path.slice(1)])).toBe(false);
        }
      }
    }
    // A tree whose old leaf was replaced is not consistent with the old head.
    const rewritten = [...leaves];
    rewritten[2] = leaf(999);
    expect(
      verifyConsistency(
        5,
        9,
        subtreeRoot(leaves, 0, 5),
        subtreeRoot(rewritten, 0, 9),
        consistencyPath(rewritten, 5, 9),
      ),
    ).toBe(false);
  });
});

function rebuilt(size: number) {
  const frontier = new MerkleFrontier();
  for (let i = 0; i < size; i++) frontier.append(leaves[i]!);
  return [...frontier.frontier];
}
