/**
 * The PostgreSQL event store's schema, as ordered migrations. A released migration is never edited:
 * a change is a new entry at the end.
 *
 * ## Why positions are built from transaction ids
 * A sequence value is taken when a row is inserted, not when its transaction commits, so a reader that
 * pages by sequence can pass position 11 (committed) while 10 (still in flight) is invisible, and then
 * never see 10: the classic lost event. We measured the three known cures on this machine
 * (docs/benchmarks.md): serializing appends behind one lock keeps only 0.32 of the plain-INSERT rate at
 * 8 writers, because commits can no longer share a WAL flush. So appends stay concurrent and the
 * position is `(transaction id << 20) | n`, n counting events within the transaction:
 *
 * - positions increase with transaction id, and within a transaction with append order;
 * - every transaction id below `pg_snapshot_xmin(pg_current_snapshot())` has finished, and every
 *   transaction that starts later gets a larger id, so the events below `xmin << 20` are a prefix of the
 *   log that can never grow in the middle. Readers (readAll, readCategory, subscriptions) only return
 *   that prefix; a checkpoint is then a single position and resuming after it can neither skip nor
 *   repeat an event.
 *
 * The price: a long-running write transaction anywhere in the cluster delays (never loses) delivery of
 * events committed after it started, and xids must not go backwards (see assertTransactionIdsAhead).
 * Decisions do not pay it: read_category_committed returns every committed event of a category.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const EVENT_STORE_SCHEMA = 'event_store';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, checkpoints and the append function',
    sql: `
CREATE TABLE event_store.events (
  global_position bigint PRIMARY KEY,
  event_id        uuid NOT NULL UNIQUE,
  stream_id       text NOT NULL,
  category        text NOT NULL,
  revision        bigint NOT NULL,
  event_type      text NOT NULL,
  schema_version  integer NOT NULL,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  recorded_at     timestamptz NOT NULL,
  hash            bytea NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX events_category_position ON event_store.events (category, global_position);

-- Reading the stable prefix. Functions so that the plan is always an ordered walk of an index that
-- stops after p_limit rows: with missing or stale statistics the planner would otherwise pick a bitmap
-- scan that sorts the whole rest of the log for every page.
CREATE FUNCTION event_store.read_all(p_after bigint, p_limit integer)
RETURNS SETOF event_store.events
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off AS $fn$
  SELECT * FROM event_store.events
   WHERE global_position > p_after
     AND global_position < (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
   ORDER BY global_position LIMIT p_limit
$fn$;

CREATE FUNCTION event_store.read_category(p_category text, p_after bigint, p_limit integer)
RETURNS SETOF event_store.events
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off AS $fn$
  SELECT * FROM event_store.events
   WHERE category = p_category AND global_position > p_after
     AND global_position < (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
   ORDER BY category, global_position LIMIT p_limit
$fn$;

-- numeric: a KurrentDB position packs commit and prepare into more than 64 bits.
CREATE TABLE event_store.checkpoints (
  name        text PRIMARY KEY,
  position    numeric(40, 0) NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The whole append is one statement: one round trip, atomic, and the hash chain follows the order in
-- which the stream's lock was taken. The stream's head is its newest row, so an append writes one
-- row per event and nothing else. Errors use SQLSTATE class ZE so the adapter can map them.
CREATE FUNCTION event_store.append_events(
  p_stream_id   text,
  p_category    text,
  p_expected    text,
  p_events      jsonb,
  p_recorded_at timestamptz
) RETURNS TABLE (next_revision bigint, last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count   integer := jsonb_array_length(p_events);
  v_current bigint;
  v_hash    bytea;
  v_seq     bigint := coalesce(nullif(current_setting('event_store.tx_seq', true), ''), '0')::bigint;
  v_base    bigint := (pg_current_xact_id()::text::bigint << 20) + v_seq;
  v_hashes  bytea[];
  v_event   jsonb;
BEGIN
  IF v_count + v_seq >= 1048576 THEN
    RAISE EXCEPTION USING ERRCODE = 'ZE003', MESSAGE = 'too many events in one transaction (limit 1048575)';
  END IF;
  -- Writers of one stream queue here until the holder commits; writers of other streams never wait.
  -- (The unique (stream_id, revision) index stays the last line of defence.)
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  SELECT e.revision, e.hash INTO v_current, v_hash
    FROM event_store.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN
    v_current := -1;
    v_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000';
  END IF;

  IF (p_expected = 'no_stream' AND v_current <> -1)
     OR (p_expected = 'stream_exists' AND v_current = -1)
     OR (p_expected ~ '^[0-9]+$' AND v_current <> p_expected::bigint) THEN
    RAISE EXCEPTION USING ERRCODE = 'ZE001', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
  END IF;

  -- hash(n) = sha256(hash(n-1) || content hash(n) || revision(n) as 8 bytes big-endian)
  IF v_count = 1 THEN
    v_hashes := ARRAY[sha256(v_hash || decode(p_events -> 0 ->> 'contentHash', 'hex') || int8send(v_current + 1))];
  ELSE
    v_hashes := '{}';
    FOR v_event IN SELECT e FROM jsonb_array_elements(p_events) AS t(e) LOOP
      v_hash := sha256(v_hash || decode(v_event ->> 'contentHash', 'hex')
                       || int8send(v_current + 1 + cardinality(v_hashes)));
      v_hashes := v_hashes || v_hash;
    END LOOP;
  END IF;

  INSERT INTO event_store.events (global_position, event_id, stream_id, category, revision, event_type,
                                  schema_version, data, metadata, recorded_at, hash)
  SELECT v_base + t.o, (t.e ->> 'id')::uuid, p_stream_id, p_category, v_current + t.o, t.e ->> 'type',
         (t.e ->> 'schemaVersion')::integer, t.e -> 'data', t.e -> 'metadata', p_recorded_at, v_hashes[t.o]
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

  -- Several appends in one caller's transaction continue the numbering instead of colliding.
  PERFORM set_config('event_store.tx_seq', (v_seq + v_count)::text, true);
  RETURN QUERY SELECT v_current + v_count, v_base + v_count;
END
$fn$;
`,
  },
  {
    version: 2,
    name: 'reading every committed event of a category',
    sql: `
-- For decisions (a command's lookups, a scheduled job): every event of the category committed when the
-- statement runs, without the stable-prefix bound. A transaction still running may later commit events
-- at smaller positions, so a position read here is never a checkpoint. Same ordered index walk as above.
CREATE FUNCTION event_store.read_category_committed(p_category text, p_after bigint, p_limit integer)
RETURNS SETOF event_store.events
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off AS $fn$
  SELECT * FROM event_store.events
   WHERE category = p_category AND global_position > p_after
   ORDER BY category, global_position LIMIT p_limit
$fn$;
`,
  },
  {
    version: 3,
    name: 'read the whole log as committed',
    sql: `
CREATE FUNCTION event_store.read_all_committed(p_after bigint, p_limit integer)
RETURNS SETOF event_store.events
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off AS $fn$
  SELECT * FROM event_store.events
   WHERE global_position > p_after
   ORDER BY global_position LIMIT p_limit
$fn$;
`,
  },
];
