import { InvalidStreamIdError } from './errors.ts';

/** `<category>-<id>`: the category is a lower camel or kebab-free word, the id anything printable. */
const STREAM_ID = /^([a-z][A-Za-z0-9]*)-([A-Za-z0-9][A-Za-z0-9._:@-]*)$/;
export const MAX_STREAM_ID_LENGTH = 200;

export function assertStreamId(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new InvalidStreamIdError(value, 'must be a string');
  if (value.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidStreamIdError(value, `must be at most ${MAX_STREAM_ID_LENGTH} characters`);
  }
  if (!STREAM_ID.test(value)) {
    throw new InvalidStreamIdError(
      value,
      'must be "<category>-<id>": a category of ASCII letters and digits starting with a lower-case letter, a hyphen, then an id of ASCII letters, digits and . _ : @ -',
    );
  }
}

export function categoryOf(streamId: string): string {
  assertStreamId(streamId);
  return streamId.slice(0, streamId.indexOf('-'));
}

export function assertCategory(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(value)) {
    throw new InvalidStreamIdError(
      value,
      'a category is ASCII letters and digits starting with a lower-case letter',
    );
  }
}
