import { createHash } from 'node:crypto';

/**
 * A Merkle tree over the global log in the style of RFC 6962 / RFC 9162 (Certificate Transparency):
 * leaf hash = SHA-256(0x00 ‖ leaf), node = SHA-256(0x01 ‖ left ‖ right), the tree of n leaves split at
 * the largest power of two below n. Hashes are hex strings at the edges and Buffers inside.
 *
 * The leaf of an event is its chain hash (32 bytes, which covers its content, stream and revision)
 * followed by its global position in ASCII decimal: so the tree also fixes where each event stands.
 */
export const EMPTY_TREE_ROOT = createHash('sha256').digest('hex');

export function eventLeafHash(eventHash: string, position: string): string {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(Buffer.from(eventHash, 'hex'))
    .update(position, 'ascii')
    .digest('hex');
}

export function nodeHash(left: string, right: string): string {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(Buffer.from(left, 'hex'))
    .update(Buffer.from(right, 'hex'))
    .digest('hex');
}

/** One perfect subtree on the tree's right edge: `2^level` leaves. */
export interface FrontierNode {
  readonly level: number;
  readonly hash: string;
}

/**
 * The right edge of a tree: the roots of its perfect subtrees, largest first (one per set bit of the
 * size). Appending a leaf and taking the root cost O(log n), whatever the size of the log.
 */
export class MerkleFrontier {
  private readonly nodes: FrontierNode[];
  private count: number;

  constructor(size = 0, nodes: readonly FrontierNode[] = []) {
    this.count = size;
    this.nodes = [...nodes];
    const expected = [...size.toString(2)].flatMap((bit, i, bits) =>
      bit === '1' ? [bits.length - 1 - i] : [],
    );
    if (size === 0 ? nodes.length !== 0 : expected.join() !== nodes.map((n) => n.level).join()) {
      throw new Error(`a frontier of ${size} leaves has subtrees of levels ${expected.join(', ')}`);
    }
  }

  get size(): number {
    return this.count;
  }

  get frontier(): readonly FrontierNode[] {
    return this.nodes;
  }

  append(leafHash: string): void {
    let node: FrontierNode = { level: 0, hash: leafHash };
    while (this.nodes.length > 0 && this.nodes.at(-1)!.level === node.level) {
      const left = this.nodes.pop()!;
      node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) };
    }
    this.nodes.push(node);
    this.count++;
  }

  root(): string {
    if (this.nodes.length === 0) return EMPTY_TREE_ROOT;
    let root = this.nodes.at(-1)!.hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) root = nodeHash(this.nodes[i]!.hash, root);
    return root;
  }
}

/** MTH(D[from:to]) from the leaf hashes. */
export function subtreeRoot(leaves: readonly string[], from = 0, to = leaves.length): string {
  const n = to - from;
  if (n === 0) return EMPTY_TREE_ROOT;
  if (n === 1) return leaves[from]!;
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** PATH(index, D[0:size]) of RFC 6962 §2.1.1: the sibling hashes from the leaf up. */
export function inclusionPath(leaves: readonly string[], index: number, size = leaves.length): string[] {
  if (index < 0 || index >= size || size > leaves.length)
    throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  const path = (m: number, from: number, to: number): string[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k
      ? [...path(m, from, from + k), subtreeRoot(leaves, from + k, to)]
      : [...path(m - k, from + k, to), subtreeRoot(leaves, from, from + k)];
  };
  return path(index, 0, size);
}

/** PROOF(first, D[0:second]) of RFC 6962 §2.1.2. */
export function consistencyPath(leaves: readonly string[], first: number, second: number): string[] {
  if (first < 0 || first > second || second > leaves.length)
    throw new RangeError(`no consistency proof from ${first} to ${second} leaves`);
  if (first === 0 || first === second) return [];
  const subproof = (m: number, from: number, to: number, complete: boolean): string[] => {
    const n = to - from;
    if (m === n) return complete ? [] : [subtreeRoot(leaves, from, to)];
    const k = largestPowerOfTwoBelow(n);
    return m <= k
      ? [...subproof(m, from, from + k, complete), subtreeRoot(leaves, from + k, to)]
      : [...subproof(m - k, from + k, to, false), subtreeRoot(leaves, from, from + k)];
  };
  return subproof(first, 0, second, true);
}

/** RFC 9162 §2.1.3.2: does `path` lead from the leaf at `index` to `root` in a tree of `size` leaves? */
export function verifyInclusion(
  leafHash: string,
  index: number,
  size: number,
  path: readonly string[],
  root: string,
): boolean {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leafHash;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r === root;
}

/** RFC 9162 §2.1.4.2: is the tree of `second` leaves an append-only extension of the one of `first`? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: string,
  secondRoot: string,
  path: readonly string[],
): boolean {
  if (first < 0 || first > second) return false;
  if (first === 0) return path.length === 0 && firstRoot === EMPTY_TREE_ROOT;
  if (first === second) return path.length === 0 && firstRoot === secondRoot;
  if (path.length === 0) return false;
  const c = (first & (first - 1)) === 0 ? [firstRoot, ...path] : [...path];
  let fn = BigInt(first - 1);
  let sn = BigInt(second - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = c[0]!;
  let sr = c[0]!;
  for (const node of c.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(node, fr);
      sr = nodeHash(node, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, node);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return fr === firstRoot && sr === secondRoot && sn === 0n;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
