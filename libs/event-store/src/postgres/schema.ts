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
 * Since version 4:
 * - an append takes its stream's lock BEFORE its transaction id, so the id (and the position) is larger
 *   than that of every transaction that wrote the stream before: positions follow revisions in every
 *   stream. A transaction appending to several streams takes all their locks first, in one order
 *   (lock_streams); one that got its id before a stream's lock and finds a larger position there is
 *   refused with 40001 rather than writing out of order;
 * - the bound counts only transactions that append (they hold the appender lock from before their
 *   id; stable_bound). A transaction in another database, a follower writing its read models, or a
 *   forgotten session holds back nobody. A transaction that wrote anything else first may not append.
 *
 * The price: an appending transaction held open delays (never loses) delivery of events committed
 * after it started (readableLag names it), and xids must not go backwards (see
 * assertTransactionIdsAhead). Decisions do not pay it: read_category_committed returns every committed
 * event of a category.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const EVENT_STORE_SCHEMA = 'event_store';

/**
 * First key of the two-key advisory lock an appending transaction holds (shared, second key its
 * backend pid) from before it takes its transaction id until it ends: readers find appenders by it in
 * pg_locks (objsubid 2; the stream locks are one-key, objsubid 1). "evnt" in ASCII.
 */
export const APPENDER_LOCK_CLASS = 0x65766e74;

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
  {
    version: 4,
    name: 'stream locks before the position; the stable bound counts only appending transactions',
    sql: `
-- An appending transaction declares itself before it has a transaction id: a transaction-scoped shared
-- advisory lock (APPENDER_LOCK_CLASS, its backend pid), visible to every reader in pg_locks. A
-- transaction that already has an id without it has written something else first and may not append:
-- readers may already have passed its id, believing it would never write to the log.
CREATE FUNCTION event_store.declare_appender() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('event_store.appender', true) IS DISTINCT FROM 'on' THEN
    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'ZE004',
        MESSAGE = 'an append must come before any other write of its transaction (this one already has a transaction id): append first, or call event_store.lock_streams first';
    END IF;
    PERFORM pg_advisory_xact_lock_shared(${APPENDER_LOCK_CLASS}, pg_backend_pid());
    PERFORM set_config('event_store.appender', 'on', true);
  END IF;
END
$fn$;

-- For a transaction that appends to several streams: every stream lock in one consistent order (no
-- deadlock between two such transactions), all taken before the transaction id (the position).
CREATE FUNCTION event_store.lock_streams(p_stream_ids text[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_key bigint;
BEGIN
  PERFORM event_store.declare_appender();
  FOR v_key IN SELECT DISTINCT hashtextextended(s, 0) FROM unnest(p_stream_ids) AS t(s) ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;
END
$fn$;

-- The stable bound, as a transaction id: every event below (bound << 20) was written by a transaction
-- that had finished when the caller's snapshot was taken. It is the oldest transaction of the
-- snapshot that is still running, as pg_snapshot_xmin was, but a transaction found still running
-- WITHOUT the appender lock is left out: it never wrote to the log and never will (declare_appender
-- refuses it). So a transaction in another database, a forgotten session, or a follower writing its
-- read models and checkpoint, holds back nobody. pg_locks is read once (MATERIALIZED), after the
-- snapshot, so a transaction that finished in between counts (for this read only), never the reverse.
CREATE FUNCTION event_store.stable_bound() RETURNS bigint
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_snapshot pg_snapshot := pg_current_snapshot();
  v_oldest   bigint;
BEGIN
  IF pg_snapshot_xmin(v_snapshot) = pg_snapshot_xmax(v_snapshot) THEN
    RETURN pg_snapshot_xmax(v_snapshot)::text::bigint; -- nothing running
  END IF;
  -- PL/pgSQL keeps this plan for the session; a SQL function would plan it on every read.
  WITH locks AS MATERIALIZED (
    SELECT locktype, transactionid, virtualtransaction, classid, objsubid, database
      FROM pg_locks WHERE granted AND locktype IN ('transactionid', 'advisory')
  )
  SELECT min(x::text::bigint) INTO v_oldest FROM pg_snapshot_xip(v_snapshot) AS x
   WHERE NOT EXISTS (
     SELECT 1 FROM locks running
      WHERE running.locktype = 'transactionid' AND running.transactionid = xid(x)
        AND NOT EXISTS (
          SELECT 1 FROM locks appender
           WHERE appender.locktype = 'advisory' AND appender.virtualtransaction = running.virtualtransaction
             AND appender.classid = ${APPENDER_LOCK_CLASS}::oid AND appender.objsubid = 2
             AND appender.database = (SELECT oid FROM pg_database WHERE datname = current_database())));
  RETURN least(pg_snapshot_xmax(v_snapshot)::text::bigint, v_oldest);
END
$fn$;

CREATE OR REPLACE FUNCTION event_store.read_all(p_after bigint, p_limit integer)
RETURNS SETOF event_store.events
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off AS $fn$
  SELECT * FROM event_store.events
   WHERE global_position > p_after
     AND global_position < (SELECT event_store.stable_bound() << 20)
   ORDER BY global_position LIMIT p_limit
$fn$;

CREATE OR REPLACE FUNCTION event_store.read_category(p_category text, p_after bigint, p_limit integer)
RETURNS SETOF event_store.events
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off AS $fn$
  SELECT * FROM event_store.events
   WHERE category = p_category AND global_position > p_after
     AND global_position < (SELECT event_store.stable_bound() << 20)
   ORDER BY category, global_position LIMIT p_limit
$fn$;

-- As in version 1, but the stream's lock comes BEFORE the transaction id: the holder before us has
-- committed, so our id, and with it our position, is larger than every position in the stream. A
-- transaction that got its id earlier (it appended to another stream first) is refused with a
-- serialization failure if the stream meanwhile received a larger position: retry it, or take every
-- stream lock first (event_store.lock_streams).
CREATE OR REPLACE FUNCTION event_store.append_events(
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
  v_head    bigint;
  v_hash    bytea;
  v_seq     bigint := coalesce(nullif(current_setting('event_store.tx_seq', true), ''), '0')::bigint;
  v_base    bigint;
  v_hashes  bytea[];
  v_event   jsonb;
BEGIN
  IF v_count + v_seq >= 1048576 THEN
    RAISE EXCEPTION USING ERRCODE = 'ZE003', MESSAGE = 'too many events in one transaction (limit 1048575)';
  END IF;
  PERFORM event_store.declare_appender();
  -- Writers of one stream queue here until the holder commits; writers of other streams never wait.
  -- (The unique (stream_id, revision) index stays the last line of defence.)
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  v_base := (pg_current_xact_id()::text::bigint << 20) + v_seq;
  SELECT e.revision, e.hash, e.global_position INTO v_current, v_hash, v_head
    FROM event_store.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN
    v_current := -1;
    v_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000';
  ELSIF v_head >= v_base THEN
    RAISE EXCEPTION USING ERRCODE = '40001',
      MESSAGE = format('stream %s holds position %s, after this transaction''s %s: it took its position before this stream''s lock; retry the transaction, or lock its streams first (event_store.lock_streams)', p_stream_id, v_head, v_base);
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
    version: 5,
    name: 'a tag index written by the append',
    sql: `
-- Index keys of events (NewEvent.tags): "the TrainingCompleted events of institution X" without
-- replaying a category. A derived index, not content: no part of any hash. Written by append_events
-- in the append's own transaction, and by tagEvents for a backfill (INSERT ... ON CONFLICT DO NOTHING).
-- The primary key (tag, global_position) is the lookup: an ordered walk of one tag's positions.
CREATE TABLE event_store.event_tags (
  tag             text NOT NULL,
  global_position bigint NOT NULL REFERENCES event_store.events (global_position),
  PRIMARY KEY (tag, global_position)
);

-- Every committed event carrying a tag, in position order (the committed consistency, as
-- read_category_committed: it serves decisions). A function so that the plan is always an ordered walk
-- of event_tags' primary key joined to events by theirs, stopping after p_limit rows, whatever the
-- statistics say.
CREATE FUNCTION event_store.read_by_tag(p_tag text, p_after bigint, p_limit integer)
RETURNS SETOF event_store.events
LANGUAGE sql STABLE SET enable_bitmapscan = off SET enable_sort = off SET enable_hashjoin = off
  SET enable_mergejoin = off AS $fn$
  SELECT e.* FROM event_store.event_tags t
    JOIN event_store.events e ON e.global_position = t.global_position
   WHERE t.tag = p_tag AND t.global_position > p_after
   ORDER BY t.tag, t.global_position LIMIT p_limit
$fn$;

-- As in version 4, plus the event's tags (the payload element's "tags" array, may be absent).
CREATE OR REPLACE FUNCTION event_store.append_events(
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
  v_head    bigint;
  v_hash    bytea;
  v_seq     bigint := coalesce(nullif(current_setting('event_store.tx_seq', true), ''), '0')::bigint;
  v_base    bigint;
  v_hashes  bytea[];
  v_event   jsonb;
BEGIN
  IF v_count + v_seq >= 1048576 THEN
    RAISE EXCEPTION USING ERRCODE = 'ZE003', MESSAGE = 'too many events in one transaction (limit 1048575)';
  END IF;
  PERFORM event_store.declare_appender();
  -- Writers of one stream queue here until the holder commits; writers of other streams never wait.
  -- (The unique (stream_id, revision) index stays the last line of defence.)
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  v_base := (pg_current_xact_id()::text::bigint << 20) + v_seq;
  SELECT e.revision, e.hash, e.global_position INTO v_current, v_hash, v_head
    FROM event_store.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN
    v_current := -1;
    v_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000';
  ELSIF v_head >= v_base THEN
    RAISE EXCEPTION USING ERRCODE = '40001',
      MESSAGE = format('stream %s holds position %s, after this transaction''s %s: it took its position before this stream''s lock; retry the transaction, or lock its streams first (event_store.lock_streams)', p_stream_id, v_head, v_base);
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

  -- The index keys of each event (absent: none), in the same statement's transaction: a rolled-back
  -- append leaves no tag. Duplicates were dropped by the adapter.
  INSERT INTO event_store.event_tags (tag, global_position)
  SELECT tag.value, v_base + t.o
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o),
         jsonb_array_elements_text(coalesce(t.e -> 'tags', '[]'::jsonb)) AS tag(value);

  -- Several appends in one caller's transaction continue the numbering instead of colliding.
  PERFORM set_config('event_store.tx_seq', (v_seq + v_count)::text, true);
  RETURN QUERY SELECT v_current + v_count, v_base + v_count;
END
$fn$;
`,
  },
  {
    version: 6,
    name: 'signed log checkpoints and their leaves (schema audit)',
    sql: `
-- Until this version PostgresLogCheckpointStore.ensureSchema() created these tables when the worker or
-- audit CLI started; IF NOT EXISTS adopts them, as they were, on a database it had already set up.
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.log_checkpoints (
  sequence    integer PRIMARY KEY,
  position    numeric(40, 0) NOT NULL,
  checkpoint  jsonb NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS audit.log_leaves (
  leaf_index  bigint PRIMARY KEY,
  position    numeric(40, 0) NOT NULL,
  event_id    uuid NOT NULL,
  event_hash  bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS log_leaves_event_id ON audit.log_leaves (event_id);
`,
  },
  {
    version: 7,
    name: 'group commit: concurrent appends of one process in one statement',
    sql: `
-- As in version 5, but a second append to the same stream in one transaction is no longer refused. The
-- appends before it in the transaction hold positions up to (xid << 20) + tx_seq = v_base; only a
-- position ABOVE v_base was made by a later transaction (a larger xid), which is what the check is for.
-- (Version 4 refused at v_head = v_base: appendToStreams with one stream twice, a caller appending twice
-- to a stream in its transaction, or two appends to one stream in a group-commit batch got 40001.)
CREATE OR REPLACE FUNCTION event_store.append_events(
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
  v_head    bigint;
  v_hash    bytea;
  v_seq     bigint := coalesce(nullif(current_setting('event_store.tx_seq', true), ''), '0')::bigint;
  v_base    bigint;
  v_hashes  bytea[];
  v_event   jsonb;
BEGIN
  IF v_count + v_seq >= 1048576 THEN
    RAISE EXCEPTION USING ERRCODE = 'ZE003', MESSAGE = 'too many events in one transaction (limit 1048575)';
  END IF;
  PERFORM event_store.declare_appender();
  -- Writers of one stream queue here until the holder commits; writers of other streams never wait.
  -- (The unique (stream_id, revision) index stays the last line of defence.)
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  v_base := (pg_current_xact_id()::text::bigint << 20) + v_seq;
  SELECT e.revision, e.hash, e.global_position INTO v_current, v_hash, v_head
    FROM event_store.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN
    v_current := -1;
    v_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000';
  ELSIF v_head > v_base THEN
    RAISE EXCEPTION USING ERRCODE = '40001',
      MESSAGE = format('stream %s holds position %s, after this transaction''s %s: it took its position before this stream''s lock; retry the transaction, or lock its streams first (event_store.lock_streams)', p_stream_id, v_head, v_base);
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

  -- The index keys of each event (absent: none), in the same statement's transaction: a rolled-back
  -- append leaves no tag. Duplicates were dropped by the adapter.
  INSERT INTO event_store.event_tags (tag, global_position)
  SELECT tag.value, v_base + t.o
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o),
         jsonb_array_elements_text(coalesce(t.e -> 'tags', '[]'::jsonb)) AS tag(value);

  -- Several appends in one caller's transaction continue the numbering instead of colliding.
  PERFORM set_config('event_store.tx_seq', (v_seq + v_count)::text, true);
  RETURN QUERY SELECT v_current + v_count, v_base + v_count;
END
$fn$;

-- Several appends, each with its own stream, expected revision, events and recorded_at, in ONE
-- transaction (issue #17): one commit, one WAL flush and one round trip for all. p_appends is a JSON
-- array of {"streamId", "category", "expected", "recordedAt", "events"} (events as for append_events).
-- Returns one row per append, in order: its result, or the error it alone would have raised.
--
-- - Every stream lock is taken first, before the transaction id (as lock_streams), so positions follow
--   revisions in every stream. The locks are only TRIED: an append whose stream another transaction
--   holds is not attempted here (error_state 'ZE005') and the caller appends it alone, where it waits
--   for that lock. So a batch never waits on a lock: it neither deadlocks nor makes the other appends
--   wait for one held stream.
-- - Each append is checked before anything is written, as append_events checks it: its expected
--   revision (ZE001), its event ids against the stored ones and the batch's earlier ones (23505,
--   events_event_id_key), the events per transaction (ZE003). A refused append writes nothing and
--   takes no position; the others go on, their events chained and numbered as append_events would,
--   and are written by one INSERT. Any error raised (an id another transaction is inserting at this
--   moment, a lost connection) fails the whole statement: nothing is written, and the caller appends
--   each alone.
-- - A batch of one append is append_events itself: its error is the statement's.
CREATE FUNCTION event_store.append_batch(p_appends jsonb)
RETURNS TABLE (next_revision bigint, last_position bigint, error_state text, error_detail text,
               error_constraint text, error_message text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_append   jsonb;
  v_event    jsonb;
  v_key      bigint;
  v_busy     bigint[] := '{}';
  v_stored   uuid[];
  v_seen     uuid[] := '{}';
  v_ids      uuid[];
  v_reused   uuid;
  v_stream   text;
  v_expected text;
  -- The streams this batch writes, with their newest revision and hash so far.
  v_streams  text[] := '{}';
  v_revs     bigint[] := '{}';
  v_chain    bytea[] := '{}';
  v_s        integer;
  v_current  bigint;
  v_hash     bytea;
  v_head     bigint;
  v_seq      bigint := coalesce(nullif(current_setting('event_store.tx_seq', true), ''), '0')::bigint;
  v_xid      bigint;
  v_position bigint;
  -- The rows to insert.
  r_position bigint[] := '{}';
  r_id       uuid[] := '{}';
  r_stream   text[] := '{}';
  r_category text[] := '{}';
  r_revision bigint[] := '{}';
  r_type     text[] := '{}';
  r_version  integer[] := '{}';
  r_data     jsonb[] := '{}';
  r_metadata jsonb[] := '{}';
  r_at       timestamptz[] := '{}';
  r_hash     bytea[] := '{}';
  r_tag      text[] := '{}';
  r_tagged   bigint[] := '{}';
  -- One result per append.
  o_next     bigint[] := '{}';
  o_last     bigint[] := '{}';
  o_state    text[] := '{}';
  o_detail   text[] := '{}';
  o_key      text[] := '{}';
  o_message  text[] := '{}';
BEGIN
  PERFORM event_store.declare_appender();
  FOR v_key IN SELECT DISTINCT hashtextextended(a ->> 'streamId', 0) FROM jsonb_array_elements(p_appends) AS t(a)
                ORDER BY 1 LOOP
    IF NOT pg_try_advisory_xact_lock(v_key) THEN
      v_busy := v_busy || v_key;
    END IF;
  END LOOP;
  IF jsonb_array_length(p_appends) = 1 AND cardinality(v_busy) = 0 THEN
    v_append := p_appends -> 0;
    RETURN QUERY SELECT r.next_revision, r.last_position, NULL::text, NULL::text, NULL::text, NULL::text
      FROM event_store.append_events(v_append ->> 'streamId', v_append ->> 'category', v_append ->> 'expected',
                                     v_append -> 'events', (v_append ->> 'recordedAt')::timestamptz) AS r;
    RETURN;
  END IF;

  SELECT coalesce(array_agg(e.event_id), '{}') INTO v_stored FROM event_store.events e
   WHERE e.event_id = ANY (ARRAY(SELECT (ev ->> 'id')::uuid FROM jsonb_array_elements(p_appends) AS a(a),
                                        jsonb_array_elements(a.a -> 'events') AS ev(ev)));

  FOR v_append IN SELECT a FROM jsonb_array_elements(p_appends) AS t(a) LOOP
    v_stream := v_append ->> 'streamId';
    v_expected := v_append ->> 'expected';
    v_ids := ARRAY(SELECT (ev ->> 'id')::uuid FROM jsonb_array_elements(v_append -> 'events') AS ev(ev));
    o_next := array_append(o_next, NULL);
    o_last := array_append(o_last, NULL);
    o_state := array_append(o_state, NULL);
    o_detail := array_append(o_detail, NULL);
    o_key := array_append(o_key, NULL);
    o_message := array_append(o_message, NULL);
    v_reused := (SELECT i FROM unnest(v_ids) AS i WHERE i = ANY (v_stored) OR i = ANY (v_seen) LIMIT 1);
    v_s := array_position(v_streams, v_stream);
    IF v_s IS NULL AND NOT hashtextextended(v_stream, 0) = ANY (v_busy) AND v_reused IS NULL THEN
      SELECT e.revision, e.hash, e.global_position INTO v_current, v_hash, v_head
        FROM event_store.events e WHERE e.stream_id = v_stream ORDER BY e.revision DESC LIMIT 1;
      IF NOT FOUND THEN
        v_current := -1;
        v_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000';
      ELSIF v_head > (coalesce(v_xid, pg_snapshot_xmax(pg_current_snapshot())::text::bigint) << 20) + v_seq THEN
        RAISE EXCEPTION USING ERRCODE = '40001',
          MESSAGE = format('stream %s holds position %s, written after this transaction took its id', v_stream, v_head);
      END IF;
      v_streams := v_streams || v_stream;
      v_revs := v_revs || v_current;
      v_chain := v_chain || v_hash;
      v_s := cardinality(v_streams);
    END IF;

    IF hashtextextended(v_stream, 0) = ANY (v_busy) THEN
      o_state[cardinality(o_state)] := 'ZE005';
      o_message[cardinality(o_state)] := 'stream locked by another transaction: append alone';
    ELSIF v_reused IS NOT NULL THEN
      o_state[cardinality(o_state)] := '23505';
      o_detail[cardinality(o_state)] := format('Key (event_id)=(%s) already exists.', v_reused);
      o_key[cardinality(o_state)] := 'events_event_id_key';
      o_message[cardinality(o_state)] := 'duplicate key value violates unique constraint "events_event_id_key"';
    ELSIF (v_expected = 'no_stream' AND v_revs[v_s] <> -1)
       OR (v_expected = 'stream_exists' AND v_revs[v_s] = -1)
       OR (v_expected ~ '^[0-9]+$' AND v_revs[v_s] <> v_expected::bigint) THEN
      o_state[cardinality(o_state)] := 'ZE001';
      o_detail[cardinality(o_state)] := v_revs[v_s]::text;
      o_message[cardinality(o_state)] := 'wrong expected revision';
    ELSIF v_seq + cardinality(v_ids) >= 1048576 THEN
      o_state[cardinality(o_state)] := 'ZE003';
      o_message[cardinality(o_state)] := 'too many events in one transaction (limit 1048575)';
    ELSE
      -- The first append written takes the transaction id: after every stream lock.
      v_xid := coalesce(v_xid, pg_current_xact_id()::text::bigint);
      v_current := v_revs[v_s];
      v_hash := v_chain[v_s];
      FOR v_event IN SELECT ev FROM jsonb_array_elements(v_append -> 'events') AS ev(ev) LOOP
        v_seq := v_seq + 1;
        v_current := v_current + 1;
        v_position := (v_xid << 20) + v_seq;
        -- hash(n) = sha256(hash(n-1) || content hash(n) || revision(n) as 8 bytes big-endian)
        v_hash := sha256(v_hash || decode(v_event ->> 'contentHash', 'hex') || int8send(v_current));
        r_position := r_position || v_position;
        r_id := r_id || (v_event ->> 'id')::uuid;
        r_stream := r_stream || v_stream;
        r_category := r_category || (v_append ->> 'category');
        r_revision := r_revision || v_current;
        r_type := r_type || (v_event ->> 'type');
        r_version := r_version || (v_event ->> 'schemaVersion')::integer;
        r_data := r_data || (v_event -> 'data');
        r_metadata := r_metadata || (v_event -> 'metadata');
        r_at := r_at || (v_append ->> 'recordedAt')::timestamptz;
        r_hash := r_hash || v_hash;
        IF v_event ? 'tags' THEN
          r_tag := r_tag || ARRAY(SELECT jsonb_array_elements_text(v_event -> 'tags'));
          r_tagged := r_tagged || array_fill(v_position, ARRAY[jsonb_array_length(v_event -> 'tags')]);
        END IF;
      END LOOP;
      v_revs[v_s] := v_current;
      v_chain[v_s] := v_hash;
      v_seen := v_seen || v_ids;
      o_next[cardinality(o_state)] := v_current;
      o_last[cardinality(o_state)] := v_position;
    END IF;
  END LOOP;

  INSERT INTO event_store.events (global_position, event_id, stream_id, category, revision, event_type,
                                  schema_version, data, metadata, recorded_at, hash)
  SELECT * FROM unnest(r_position, r_id, r_stream, r_category, r_revision, r_type, r_version, r_data,
                       r_metadata, r_at, r_hash);
  INSERT INTO event_store.event_tags (tag, global_position) SELECT * FROM unnest(r_tag, r_tagged);
  PERFORM set_config('event_store.tx_seq', v_seq::text, true);
  RETURN QUERY SELECT * FROM unnest(o_next, o_last, o_state, o_detail, o_key, o_message);
END
$fn$;
`,
  },
  {
    version: 8,
    name: 'the stable bound looks at the holder of a transaction id, never at a session waiting on it',
    sql: `
-- As in version 4, but only the transaction's own lock on its id (ExclusiveLock) says that it is still
-- running. A session that waited on that transaction (a row or unique-key wait) is granted a ShareLock
-- on the id for a moment as the transaction ends; version 4 took that for the transaction itself, and
-- without an appender mark on the WAITER's side it left the finished transaction out of the bound —
-- which then passed positions the reader's snapshot could not see yet.
CREATE OR REPLACE FUNCTION event_store.stable_bound() RETURNS bigint
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_snapshot pg_snapshot := pg_current_snapshot();
  v_oldest   bigint;
BEGIN
  IF pg_snapshot_xmin(v_snapshot) = pg_snapshot_xmax(v_snapshot) THEN
    RETURN pg_snapshot_xmax(v_snapshot)::text::bigint; -- nothing running
  END IF;
  -- PL/pgSQL keeps this plan for the session; a SQL function would plan it on every read.
  WITH locks AS MATERIALIZED (
    SELECT locktype, mode, transactionid, virtualtransaction, classid, objsubid, database
      FROM pg_locks WHERE granted AND locktype IN ('transactionid', 'advisory')
  )
  SELECT min(x::text::bigint) INTO v_oldest FROM pg_snapshot_xip(v_snapshot) AS x
   WHERE NOT EXISTS (
     SELECT 1 FROM locks running
      WHERE running.locktype = 'transactionid' AND running.mode = 'ExclusiveLock'
        AND running.transactionid = xid(x)
        AND NOT EXISTS (
          SELECT 1 FROM locks appender
           WHERE appender.locktype = 'advisory' AND appender.virtualtransaction = running.virtualtransaction
             AND appender.classid = ${APPENDER_LOCK_CLASS}::oid AND appender.objsubid = 2
             AND appender.database = (SELECT oid FROM pg_database WHERE datname = current_database())));
  RETURN least(pg_snapshot_xmax(v_snapshot)::text::bigint, v_oldest);
END
$fn$;
`,
  },
  {
    version: 9,
    name: 'a batch never scans the log: its plans are kept from a sequential scan of events',
    sql: `
-- append_batch looks up the batch's event ids among the stored ones (event_id = ANY (...)). PL/pgSQL
-- keeps a statement's plan for the session; planned while the log was small (a new database, a new
-- connection before the first ANALYZE), that plan is a sequential scan of event_store.events, and it
-- stays one as the log grows: every batch then read the whole log (issue #17: the server's CPU per
-- batched event rose from 80 to 760 µs over the first 28,000 events). No statement of an append should
-- ever scan the log, so the function plans without sequential scans; every lookup it makes has an index.
ALTER FUNCTION event_store.append_batch(jsonb) SET enable_seqscan = off;
`,
  },
  {
    version: 10,
    name: 'append_batch with fewer statements per append',
    sql: `
-- As in version 7 (and without sequential scans, as version 9 set), with the same checks, order and
-- outcomes, but fewer SQL statements per append: PL/pgSQL runs each query of the function through the
-- executor, while a plain expression is evaluated directly. The appends and their events are walked by
-- index instead of by a jsonb_array_elements query each, a one-event append's ids are read without a
-- query, the stored or earlier ids are looked for only when the && operator says one is there, and
-- the tags statement runs only when there are tags (issue #17: the function cost 80–84 µs of server
-- CPU per batched event, one INSERT of the same rows 39–41).
CREATE OR REPLACE FUNCTION event_store.append_batch(p_appends jsonb)
RETURNS TABLE (next_revision bigint, last_position bigint, error_state text, error_detail text,
               error_constraint text, error_message text)
LANGUAGE plpgsql SET enable_seqscan = off AS $fn$
DECLARE
  v_append   jsonb;
  v_a        integer;
  v_events   jsonb;
  v_n        integer;
  v_i        integer;
  v_setting  text;
  v_event    jsonb;
  v_key      bigint;
  v_busy     bigint[] := '{}';
  v_stored   uuid[];
  v_seen     uuid[] := '{}';
  v_ids      uuid[];
  v_reused   uuid;
  v_stream   text;
  v_expected text;
  -- The streams this batch writes, with their newest revision and hash so far.
  v_streams  text[] := '{}';
  v_revs     bigint[] := '{}';
  v_chain    bytea[] := '{}';
  v_s        integer;
  v_current  bigint;
  v_hash     bytea;
  v_head     bigint;
  v_seq      bigint := coalesce(nullif(current_setting('event_store.tx_seq', true), ''), '0')::bigint;
  v_xid      bigint;
  v_position bigint;
  -- The rows to insert.
  r_position bigint[] := '{}';
  r_id       uuid[] := '{}';
  r_stream   text[] := '{}';
  r_category text[] := '{}';
  r_revision bigint[] := '{}';
  r_type     text[] := '{}';
  r_version  integer[] := '{}';
  r_data     jsonb[] := '{}';
  r_metadata jsonb[] := '{}';
  r_at       timestamptz[] := '{}';
  r_hash     bytea[] := '{}';
  r_tag      text[] := '{}';
  r_tagged   bigint[] := '{}';
  -- One result per append.
  o_next     bigint[] := '{}';
  o_last     bigint[] := '{}';
  o_state    text[] := '{}';
  o_detail   text[] := '{}';
  o_key      text[] := '{}';
  o_message  text[] := '{}';
BEGIN
  PERFORM event_store.declare_appender();
  FOR v_key IN SELECT DISTINCT hashtextextended(a ->> 'streamId', 0) FROM jsonb_array_elements(p_appends) AS t(a)
                ORDER BY 1 LOOP
    IF NOT pg_try_advisory_xact_lock(v_key) THEN
      v_busy := v_busy || v_key;
    END IF;
  END LOOP;
  IF jsonb_array_length(p_appends) = 1 AND cardinality(v_busy) = 0 THEN
    v_append := p_appends -> 0;
    RETURN QUERY SELECT r.next_revision, r.last_position, NULL::text, NULL::text, NULL::text, NULL::text
      FROM event_store.append_events(v_append ->> 'streamId', v_append ->> 'category', v_append ->> 'expected',
                                     v_append -> 'events', (v_append ->> 'recordedAt')::timestamptz) AS r;
    RETURN;
  END IF;

  SELECT coalesce(array_agg(e.event_id), '{}') INTO v_stored FROM event_store.events e
   WHERE e.event_id = ANY (ARRAY(SELECT (ev ->> 'id')::uuid FROM jsonb_array_elements(p_appends) AS a(a),
                                        jsonb_array_elements(a.a -> 'events') AS ev(ev)));

  FOR v_a IN 0 .. jsonb_array_length(p_appends) - 1 LOOP
    v_append := p_appends -> v_a;
    v_stream := v_append ->> 'streamId';
    v_expected := v_append ->> 'expected';
    v_events := v_append -> 'events';
    v_n := jsonb_array_length(v_events);
    IF v_n = 1 THEN
      v_ids := ARRAY[(v_events -> 0 ->> 'id')::uuid];
    ELSE
      v_ids := ARRAY(SELECT (ev ->> 'id')::uuid FROM jsonb_array_elements(v_events) AS ev(ev));
    END IF;
    o_next := array_append(o_next, NULL);
    o_last := array_append(o_last, NULL);
    o_state := array_append(o_state, NULL);
    o_detail := array_append(o_detail, NULL);
    o_key := array_append(o_key, NULL);
    o_message := array_append(o_message, NULL);
    v_reused := NULL;
    IF v_ids && v_stored OR v_ids && v_seen THEN
      v_reused := (SELECT i FROM unnest(v_ids) AS i WHERE i = ANY (v_stored) OR i = ANY (v_seen) LIMIT 1);
    END IF;
    v_s := array_position(v_streams, v_stream);
    IF v_s IS NULL AND NOT hashtextextended(v_stream, 0) = ANY (v_busy) AND v_reused IS NULL THEN
      SELECT e.revision, e.hash, e.global_position INTO v_current, v_hash, v_head
        FROM event_store.events e WHERE e.stream_id = v_stream ORDER BY e.revision DESC LIMIT 1;
      IF NOT FOUND THEN
        v_current := -1;
        v_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000';
      ELSIF v_head > (coalesce(v_xid, pg_snapshot_xmax(pg_current_snapshot())::text::bigint) << 20) + v_seq THEN
        RAISE EXCEPTION USING ERRCODE = '40001',
          MESSAGE = format('stream %s holds position %s, written after this transaction took its id', v_stream, v_head);
      END IF;
      v_streams := v_streams || v_stream;
      v_revs := v_revs || v_current;
      v_chain := v_chain || v_hash;
      v_s := cardinality(v_streams);
    END IF;

    IF hashtextextended(v_stream, 0) = ANY (v_busy) THEN
      o_state[cardinality(o_state)] := 'ZE005';
      o_message[cardinality(o_state)] := 'stream locked by another transaction: append alone';
    ELSIF v_reused IS NOT NULL THEN
      o_state[cardinality(o_state)] := '23505';
      o_detail[cardinality(o_state)] := format('Key (event_id)=(%s) already exists.', v_reused);
      o_key[cardinality(o_state)] := 'events_event_id_key';
      o_message[cardinality(o_state)] := 'duplicate key value violates unique constraint "events_event_id_key"';
    ELSIF (v_expected = 'no_stream' AND v_revs[v_s] <> -1)
       OR (v_expected = 'stream_exists' AND v_revs[v_s] = -1)
       OR (v_expected ~ '^[0-9]+$' AND v_revs[v_s] <> v_expected::bigint) THEN
      o_state[cardinality(o_state)] := 'ZE001';
      o_detail[cardinality(o_state)] := v_revs[v_s]::text;
      o_message[cardinality(o_state)] := 'wrong expected revision';
    ELSIF v_seq + cardinality(v_ids) >= 1048576 THEN
      o_state[cardinality(o_state)] := 'ZE003';
      o_message[cardinality(o_state)] := 'too many events in one transaction (limit 1048575)';
    ELSE
      -- The first append written takes the transaction id: after every stream lock.
      v_xid := coalesce(v_xid, pg_current_xact_id()::text::bigint);
      v_current := v_revs[v_s];
      v_hash := v_chain[v_s];
      FOR v_i IN 0 .. v_n - 1 LOOP
        v_event := v_events -> v_i;
        v_seq := v_seq + 1;
        v_current := v_current + 1;
        v_position := (v_xid << 20) + v_seq;
        -- hash(n) = sha256(hash(n-1) || content hash(n) || revision(n) as 8 bytes big-endian)
        v_hash := sha256(v_hash || decode(v_event ->> 'contentHash', 'hex') || int8send(v_current));
        r_position := r_position || v_position;
        r_id := r_id || (v_event ->> 'id')::uuid;
        r_stream := r_stream || v_stream;
        r_category := r_category || (v_append ->> 'category');
        r_revision := r_revision || v_current;
        r_type := r_type || (v_event ->> 'type');
        r_version := r_version || (v_event ->> 'schemaVersion')::integer;
        r_data := r_data || (v_event -> 'data');
        r_metadata := r_metadata || (v_event -> 'metadata');
        r_at := r_at || (v_append ->> 'recordedAt')::timestamptz;
        r_hash := r_hash || v_hash;
        IF v_event ? 'tags' THEN
          r_tag := r_tag || ARRAY(SELECT jsonb_array_elements_text(v_event -> 'tags'));
          r_tagged := r_tagged || array_fill(v_position, ARRAY[jsonb_array_length(v_event -> 'tags')]);
        END IF;
      END LOOP;
      v_revs[v_s] := v_current;
      v_chain[v_s] := v_hash;
      v_seen := v_seen || v_ids;
      o_next[cardinality(o_state)] := v_current;
      o_last[cardinality(o_state)] := v_position;
    END IF;
  END LOOP;

  INSERT INTO event_store.events (global_position, event_id, stream_id, category, revision, event_type,
                                  schema_version, data, metadata, recorded_at, hash)
  SELECT * FROM unnest(r_position, r_id, r_stream, r_category, r_revision, r_type, r_version, r_data,
                       r_metadata, r_at, r_hash);
  IF cardinality(r_tag) > 0 THEN
    INSERT INTO event_store.event_tags (tag, global_position) SELECT * FROM unnest(r_tag, r_tagged);
  END IF;
  v_setting := set_config('event_store.tx_seq', v_seq::text, true);
  RETURN QUERY SELECT * FROM unnest(o_next, o_last, o_state, o_detail, o_key, o_message);
END
$fn$;
`,
  },
];
