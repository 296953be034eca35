#!/usr/bin/env bash
# The measurement behind the PostgreSQL adapter's ordering design (README, "How the PostgreSQL adapter
# never skips or repeats an event"): what does serializing every append behind one lock cost, against
# concurrent appends whose visibility readers check by transaction id? Needs pgbench and a server:
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bash scripts/bench-ordering-strategies.sh
set -euo pipefail
url="${DATABASE_URL:?set DATABASE_URL to a PostgreSQL server}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"; psql -q "$url" -c "DROP TABLE IF EXISTS ordering_bench_events, ordering_bench_head" >/dev/null 2>&1' EXIT
psql -q "$url" <<'SQL'
DROP TABLE IF EXISTS ordering_bench_events, ordering_bench_head;
CREATE TABLE ordering_bench_events (position bigserial PRIMARY KEY, stream text, data jsonb,
  txid xid8 DEFAULT pg_current_xact_id());
CREATE TABLE ordering_bench_head (id int PRIMARY KEY, position bigint);
INSERT INTO ordering_bench_head VALUES (1, 0);
SQL
cat > "$dir/concurrent.sql" <<'SQL'
\set s random(1, 1000000)
BEGIN;
INSERT INTO ordering_bench_events (stream, data) VALUES ('s-' || :s, jsonb_build_object('x', repeat('a', 1000)));
COMMIT;
SQL
cat > "$dir/serialized.sql" <<'SQL'
\set s random(1, 1000000)
BEGIN;
UPDATE ordering_bench_head SET position = position + 1 WHERE id = 1;
INSERT INTO ordering_bench_events (stream, data) VALUES ('s-' || :s, jsonb_build_object('x', repeat('a', 1000)));
COMMIT;
SQL
printf '| writers | concurrent (xid visibility) tps | serialized (one lock) tps | ratio |\n| ---: | ---: | ---: | ---: |\n'
for clients in 1 8 32; do
  a=$(pgbench -n -d "$url" -f "$dir/concurrent.sql" -c "$clients" -j 2 -T 10 2>/dev/null | awk '/^tps/ {print int($3)}')
  b=$(pgbench -n -d "$url" -f "$dir/serialized.sql" -c "$clients" -j 2 -T 10 2>/dev/null | awk '/^tps/ {print int($3)}')
  printf '| %s | %s | %s | %s |\n' "$clients" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", b / a}')"
done
