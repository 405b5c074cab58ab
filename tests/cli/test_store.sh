# The store file: refusing what is not ours, missing or read-only places, two writers at once,
# and a SIGKILL in the middle of a large import.
. tests/cli/lib.sh

# Not a kpistat store: a text file, and another program's SQLite database.
echo "hello" >"$T/text.db"
expect_rc 65 "$KP" --db "$T/text.db" status
expect_err "not a kpistat store"
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
expect_rc 65 "$KP" --db "$T/other.db" status
expect_err "not a kpistat store (an SQLite database of another program)"
expect_rc 65 "$KP" --db "$T/other.db" init
[ "$(sqlite3 "$T/other.db" 'SELECT count(*) FROM t')" = 1 ] || fail "other database touched"

# A store written by a newer kpistat.
"$KP" --db "$T/newer.db" init >/dev/null
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
expect_rc 65 "$KP" --db "$T/newer.db" status
expect_err "written by a newer kpistat (schema version 99"

# Places a store cannot be made.
expect_rc 73 "$KP" --db "$T/no/such/dir/kp.db" init
expect_err "directory '$T/no/such/dir' does not exist"
mkdir "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
	expect_rc 73 "$KP" --db "$T/ro/kp.db" init
	expect_err "is not writable"
fi
expect_rc 66 "$KP" --db "$T/ro" status
expect_err "is a directory"

# A read-only store can still be read.
fresh_store
"$KP" record permits.review_days 2026-10 4.2 >/dev/null
chmod 444 "$KPISTAT_DB"
if [ "$(id -u)" != 0 ]; then
	expect_rc 74 "$KP" record permits.review_days 2026-11 4.2
fi
chmod 644 "$KPISTAT_DB"

# Two writers at once: the second waits for the first, and both imports are kept.
fresh_store
gen() {	# gen FIRST_DISTRICT COUNT: 12 months per district
	awk -v a="$1" -v n="$2" 'BEGIN { print "metric,period,value,breakdown";
	    for (d = a; d < a + n; d++) for (m = 1; m <= 12; m++)
	        printf "permits.review_days,2025-%02d,%d.%d,district=%d\n", m, d % 9, m, d }'
}
gen 1 4000 >"$T/a.csv"
gen 5001 4000 >"$T/b.csv"
"$KP" import "$T/a.csv" >"$T/a.out" 2>&1 &
pa=$!
"$KP" import "$T/b.csv" >"$T/b.out" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
checks=$((checks + 1))
[ $ra = 0 ] && [ $rb = 0 ] || { cat "$T/a.out" "$T/b.out"; fail "concurrent imports: exit $ra and $rb"; }
n=$(sqlite3 "$KPISTAT_DB" "SELECT count(*) FROM measurement")
checks=$((checks + 1))
[ "$n" = 96000 ] || fail "concurrent imports kept $n figures, expected 96000"

# SIGKILL in the middle of a large import: the store is intact and holds none of it.
fresh_store
"$KP" record permits.review_days 2026-10 4.2 >/dev/null
snapshot "$T/before"
gen 1 40000 >"$T/big.csv"
"$KP" import "$T/big.csv" >/dev/null 2>&1 &
pid=$!
# Wait until the import holds the write lock (the WAL grows), then kill it.
for _ in $(seq 1 200); do
	[ -s "$KPISTAT_DB-wal" ] && [ "$(stat -c %s "$KPISTAT_DB-wal")" -gt 200000 ] && break
	sleep 0.02
done
checks=$((checks + 1))
kill -9 $pid 2>/dev/null || fail "the import ended before it could be killed"
wait $pid 2>/dev/null
checks=$((checks + 1))
[ "$(sqlite3 "$KPISTAT_DB" 'PRAGMA integrity_check')" = ok ] || fail "store damaged after SIGKILL"
snapshot "$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" import "$T/big.csv"
expect_out "480000 rows: 480000 new"

finish
