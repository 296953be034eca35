#!/usr/bin/env bash
# Issue #17, goal 1: what each part of event_store.append_events costs, against the one-statement INSERT
# of the same row into a table with the same columns and indexes (docs/benchmarks.md). pgbench, 1 KB
# events, one per transaction, distinct streams, extended protocol (what `pg` does). Each variant is the
# migrated append_events with ONE part taken out (measurement only: a variant without the stream lock or
# the hash is not a valid append). Needs pgbench and a database the event store has migrated, e.g. the
# scratch database `npm run bench:event-store` leaves behind:
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/zaitaku_bench bash scripts/bench-append-levers.sh [seconds]
set -euo pipefail
url="${DATABASE_URL:?set DATABASE_URL to a database with the event_store schema}"
seconds="${1:-10}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"; psql -q "$url" -c "DROP SCHEMA IF EXISTS append_levers CASCADE" >/dev/null 2>&1' EXIT
psql -q "$url" <<'SQL'
DROP SCHEMA IF EXISTS append_levers CASCADE;
CREATE SCHEMA append_levers;
CREATE TABLE append_levers.baseline (LIKE event_store.events INCLUDING ALL);
CREATE SEQUENCE append_levers.position;
SQL
full=$(psql -At "$url" -c "SELECT pg_get_functiondef('event_store.append_events'::regproc)")
# variant NAME SED-EXPRESSION: append_events with one part removed, as append_levers.NAME.
variant() {
  printf '%s;\n' "$full" | sed -e "s/FUNCTION event_store.append_events/FUNCTION append_levers.$1/" -e "$2" | psql -q "$url"
}
variant full 's/^$//'
variant no_stream_lock '/PERFORM pg_advisory_xact_lock(hashtextextended/d'
variant no_appender_mark '/PERFORM event_store.declare_appender()/d'
variant no_head_lookup '/FROM event_store.events e WHERE e.stream_id = p_stream_id/s/.*/    FROM (SELECT NULL::bigint AS revision, NULL::bytea AS hash, NULL::bigint AS global_position) e WHERE false;/'
variant no_hash 's/sha256(\(.*\)))]/decode(repeat(\x27ab\x27, 32), \x27hex\x27)]/'
variant no_tags '/INSERT INTO event_store.event_tags/,/jsonb_array_elements_text/d'
variant no_tx_seq '/PERFORM set_config(.event_store.tx_seq/d'

filler=$(printf 'x%.0s' $(seq 1 880))
event="'[{\"id\":\"' || gen_random_uuid() || '\",\"type\":\"BenchmarkRecorded\",\"schemaVersion\":1,\"contentHash\":\"$(printf 'ab%.0s' $(seq 1 32))\",\"data\":{\"i\":1,\"filler\":\"$filler\"},\"metadata\":{\"actorId\":\"bench\",\"actorRole\":\"system\",\"correlationId\":\"c\"}}]'"
cat > "$dir/insert.sql" <<SQL
\set s random(1, 1000000000000)
INSERT INTO append_levers.baseline (global_position, event_id, stream_id, category, revision, event_type,
  schema_version, data, metadata, recorded_at, hash)
VALUES (nextval('append_levers.position'), gen_random_uuid(), 'levers-' || :s, 'levers', 0, 'BenchmarkRecorded', 1,
  '{"i":1,"filler":"$filler"}', '{"actorId":"bench","actorRole":"system","correlationId":"c"}', now(),
  decode(repeat('ab', 32), 'hex'));
SQL
variants="full no_stream_lock no_appender_mark no_head_lookup no_hash no_tags no_tx_seq"
for name in $variants; do
  cat > "$dir/$name.sql" <<SQL
\set s random(1, 1000000000000)
SELECT * FROM append_levers.$name('levers-' || :s, 'levers', 'any', ($event)::jsonb, now());
SQL
done
# The whole append, as a named (prepared) statement: parsed and planned once per connection.
cp "$dir/full.sql" "$dir/prepared.sql"
variants="$variants prepared"
# Group commit (migration 7): four appends in one statement and one transaction; events/s = 4 × tps.
if [ "$(psql -At "$url" -c "SELECT to_regproc('event_store.append_batch') IS NOT NULL")" = t ]; then
  one="{\"streamId\":\"levers-' || :s || '-' || i || '\",\"category\":\"levers\",\"expected\":\"any\",\"recordedAt\":\"2026-11-30T00:00:00Z\",\"events\":' || $event || '}"
  cat > "$dir/batch_of_4.sql" <<SQL
\set s random(1, 1000000000000)
SELECT * FROM event_store.append_batch((SELECT '[' || string_agg('$one', ',') || ']' FROM generate_series(1, 4) AS i)::jsonb);
SQL
  variants="$variants batch_of_4"
fi
tps() {
  local mode=extended factor=1
  [ "$1" = prepared ] && mode=prepared
  [ "$1" = batch_of_4 ] && factor=4
  pgbench -n -M "$mode" -d "$url" -f "$dir/$1.sql" -c "$2" -j 2 -T "$seconds" 2>/dev/null |
    awk -v f="$factor" '/^tps/ {print int($3 * f)}' || true
}
printf '| variant | writers | events/s | INSERT events/s (before, after) | ratio |\n| --- | ---: | ---: | ---: | ---: |\n'
for clients in 8 32; do
  for name in $variants; do
    b1=$(tps insert "$clients")
    a=$(tps "$name" "$clients")
    b2=$(tps insert "$clients")
    printf '| %s | %s | %s | %s, %s | %s |\n' "$name" "$clients" "$a" "$b1" "$b2" \
      "$(awk -v a="$a" -v b1="$b1" -v b2="$b2" 'BEGIN {printf "%.2f", 2 * a / (b1 + b2)}')"
  done
done
