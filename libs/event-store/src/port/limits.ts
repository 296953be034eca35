/** Stated limits of the store (README, "Event store"). */
export const EVENT_STORE_LIMITS = {
  /** data + metadata of one event, UTF-8 JSON. KurrentDB's own default cap is 16 MiB per record. */
  maxEventBytes: 4 * 1024 * 1024,
  /** One append: at most this many events and this many bytes; bigger batches are split by the caller. */
  maxEventsPerAppend: 10_000,
  maxAppendBytes: 32 * 1024 * 1024,
  maxEventTypeLength: 200,
  /** Tags (index keys, NewEvent.tags) of one event, and the UTF-8 bytes of one tag. */
  maxTagsPerEvent: 32,
  maxTagBytes: 200,
  defaultReadCount: 1_000,
  maxReadCount: 10_000,
} as const;
