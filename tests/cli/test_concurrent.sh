# Concurrent writers and readers on one store: they wait for each other (the busy timeout,
# $KPISTAT_BUSY_TIMEOUT, default 30 s) instead of failing with "database is locked"; when the
# wait expires the message names the process holding the store.
. tests/cli/lib.sh
GEN=${EVENTS_GEN:-build/events_gen}

"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null

# Ten record processes and an import started together: all succeed, every figure is there.
pids=""
for i in 0 1 2 3 4 5 6 7 8 9; do
	"$KP" record permits.issued "2027-$(printf %02d $((i + 1)))" $((100 + i)) \
	    >"$T/rec$i.out" 2>&1 &
	pids="$pids $!"
done
"$KP" import samples/city/measurements.csv --by "sample data" >"$T/imp.out" 2>&1 &
pids="$pids $!"
n=0
for p in $pids; do
	checks=$((checks + 1))
	wait "$p" || fail "a concurrent writer failed: $(cat "$T"/rec*.out "$T/imp.out" | grep kpistat: | head -3)"
	n=$((n + 1))
done
"$KP" export --format csv >"$T/all.csv"
for i in 0 1 2 3 4 5 6 7 8 9; do
	checks=$((checks + 1))
	grep -q "^permits.issued,2027-$(printf %02d $((i + 1))),,$((100 + i))," "$T/all.csv" ||
		fail "record $i lost"
done
checks=$((checks + 1))
want=$(($(tail -n +2 samples/city/measurements.csv | wc -l) + 10))
[ "$(tail -n +2 "$T/all.csv" | wc -l)" = "$want" ] ||
	fail "$(tail -n +2 "$T/all.csv" | wc -l) figures after the concurrent writes, expected $want"
store_ok "after concurrent writers"

# Beside an events import (held in the middle: it reads a FIFO, 300,000 rows in and blocks
# written): it writes its blocks in short transactions and publishes them at the end
# (store_events.c), so a figure is recorded and a status and a packet run without waiting
# (KPISTAT_BUSY_TIMEOUT=0), and they see the store without the import: no records yet.
# A second events import waits for the first one (here: cannot, and says so).
"$GEN" permits 300000 >"$T/permits.csv"
"$KP" events import permits "$T/permits.csv" --replace >/dev/null
mkfifo "$T/fifo"
"$KP" events import permits - --replace <"$T/fifo" >"$T/ev.out" 2>&1 &
ev=$!
exec 3>"$T/fifo"
head -n 150001 "$T/permits.csv" >&3
sleep 1
checks=$((checks + 1))
kill -0 $ev 2>/dev/null || fail "the events import ended before the others ran"
expect_rc 0 env KPISTAT_BUSY_TIMEOUT=0 "$KP" record permits.issued 2027-11 1
expect_rc 0 env KPISTAT_BUSY_TIMEOUT=0 "$KP" status --program tulstat
expect_rc 0 env KPISTAT_BUSY_TIMEOUT=0 "$KP" packet --program tulstat --period 2026-10 -o "$T/p.pdf"
expect_rc 0 env KPISTAT_BUSY_TIMEOUT=0 "$KP" events list
expect_out "300,000 records"
expect_rc 74 env KPISTAT_BUSY_TIMEOUT=0 "$KP" events import permits "$T/permits.csv"
expect_err "kpistat: $KPISTAT_DB: cannot start the import: another 'kpistat events import' is running on this store; waited 0 s"
tail -n +150002 "$T/permits.csv" | head -n 100000 >&3
exec 3>&-
checks=$((checks + 1))
wait $ev || fail "the events import failed beside the others: $(cat "$T/ev.out")"
expect_rc 0 "$KP" events list
expect_out "250,000 records"
store_ok "after writers and readers beside an events import"

# The same for an import merged into the stored records (it rewrites stored blocks): held
# after 280,000 rows, the dataset is still the 250,000 records; after it, 300,000.
mkfifo "$T/fifo2"
"$KP" events import permits - <"$T/fifo2" >"$T/ev.out" 2>&1 &
ev=$!
exec 3>"$T/fifo2"
head -n 280001 "$T/permits.csv" >&3
sleep 1
checks=$((checks + 1))
kill -0 $ev 2>/dev/null || fail "the merging events import ended before the others ran"
expect_rc 0 env KPISTAT_BUSY_TIMEOUT=0 "$KP" events list
expect_out "250,000 records"
expect_rc 0 env KPISTAT_BUSY_TIMEOUT=0 "$KP" record permits.issued 2027-12 2
tail -n +280002 "$T/permits.csv" >&3
exec 3>&-
checks=$((checks + 1))
wait $ev || fail "the merging events import failed: $(cat "$T/ev.out")"
expect_rc 0 "$KP" events list
expect_out "300,000 records"
store_ok "after a merging events import beside others"

# The lock held longer than the wait: exit 74, naming the holder (here the sqlite3 shell).
mkfifo "$T/hold"
sqlite3 "$KPISTAT_DB" <"$T/hold" >/dev/null 2>&1 &
holder=$!
exec 3>"$T/hold"
echo "BEGIN IMMEDIATE; DELETE FROM revision;" >&3
# Wait until it holds the lock (a probe that cannot take it at once), at most 10 s.
for _ in $(seq 100); do
	sqlite3 -cmd ".timeout 0" "$KPISTAT_DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || break
	sleep 0.1
done
expect_rc 74 env KPISTAT_BUSY_TIMEOUT=1 "$KP" record permits.issued 2027-11 1
expect_err "kpistat: $KPISTAT_DB: cannot start a write: another process is writing to the store (pid $holder: sqlite3 $KPISTAT_DB); waited 1 s: try again when it is done (or set KPISTAT_BUSY_TIMEOUT to wait longer)"
# In WAL mode a reader is not held up by a writer.
expect_rc 0 env KPISTAT_BUSY_TIMEOUT=0 "$KP" status
echo "ROLLBACK;" >&3
exec 3>&-
wait $holder
expect_rc 0 "$KP" record permits.issued 2027-11 1
finish
