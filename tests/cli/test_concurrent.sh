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

# A status and a packet while an events import runs: the import reads a FIFO and is held in
# the middle (300,000 rows in, its lock taken: in rollback mode, see store_events.c, readers
# wait for it); both start then, wait, and succeed once it commits.
"$GEN" permits 300000 >"$T/permits.csv"
mkfifo "$T/fifo"
"$KP" events import permits - <"$T/fifo" >"$T/ev.out" 2>&1 &
ev=$!
exec 3>"$T/fifo"
cat "$T/permits.csv" >&3
sleep 0.5
"$KP" status --program tulstat >"$T/status.out" 2>&1 &
st=$!
"$KP" packet --program tulstat --period 2026-10 -o "$T/p.pdf" >"$T/packet.out" 2>&1 &
pk=$!
sleep 1
checks=$((checks + 1))
kill -0 $ev 2>/dev/null || fail "the events import ended before the readers ran"
# The holder is a kpistat import: a writer that cannot wait says so, naming it.
expect_rc 74 env KPISTAT_BUSY_TIMEOUT=0 "$KP" record permits.issued 2027-11 1
expect_err "another kpistat process is writing to the store (pid $ev: kpistat events import permits -); waited 0 s"
exec 3>&-
checks=$((checks + 3))
wait $ev || fail "the events import failed beside readers: $(cat "$T/ev.out")"
wait $st || fail "status failed beside an events import: $(cat "$T/status.out")"
wait $pk || fail "packet failed beside an events import: $(cat "$T/packet.out")"
expect_rc 0 "$KP" events list
expect_out "300,000 records"
store_ok "after readers beside an events import"

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
