# I/O faults inside SQLite: build/kpistat-faults (tests/fault/faultvfs.c) fails the Nth write,
# sync or truncate of the store's files, and every one after it, with SQLITE_FULL or
# SQLITE_IOERR. Each command below runs once for every N up to the number of such calls it
# makes (counted by a run without faults), the kind alternating with N. After every run the
# store passes PRAGMA integrity_check and is exactly as before (sqlite3 .dump, kpistat export,
# events list), or, when the command succeeded, exactly as after a run without faults: all or
# nothing. A failed run exits 74 and names the store. Then a packet meets a failing read at
# every one of its reads. FAULT_STRIDE=K tries every Kth N only.
. tests/cli/lib.sh
F=${KPISTAT_FAULTS:-}
if [ -z "$F" ] || [ ! -x "$F" ]; then
	echo "test_faults.sh: skipped: set KPISTAT_FAULTS to build/kpistat-faults (make check does)"
	finish
	exit
fi
stride=${FAULT_STRIDE:-1}
S=samples/city
DB=$KPISTAT_DB

# An events import that fails leaves, when even its clean-up fails (a disk that keeps failing),
# only blocks that no reader sees (store_events.c: listed as new in ev_NAME__stage, or in
# ev_NAME__next* tables), which the next import of the dataset removes. state compares what the
# store holds without those; after such a failure the same command, run again without faults,
# must give exactly (sqlite3 .dump, leftovers and all) what a run without faults gives.
state() {	# state FILE: everything in the store its readers see, as text
	{ seen_dump "$DB"; "$KP" export; "$KP" events list; } >"$1" 2>&1
}
rawstate() {	# rawstate FILE: everything in the store, as text
	{ sqlite3 "$DB" .dump; "$KP" export; "$KP" events list; } >"$1" 2>&1
}
setup() {	# setup NAME CMD...: build the store a command starts from, saved as $T/NAME.base
	local name=$1
	shift
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
	"$KP" init >/dev/null
	"$@" >/dev/null 2>&1 || fail "setup of $name failed"
	cp "$DB" "$T/$name.base"
}
restore() {
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
	cp "$T/$1.base" "$DB"
}
report=""
faults() {	# faults NAME BASE CMD...: the command, against every fault point, from $T/BASE.base
	local name=$1 base=$2 n points survived=0 tried=0 kind left=0
	shift 2
	restore "$base"
	state "$T/before"
	KPISTAT_FAULT_COUNT=$T/count "$F" "$@" >/dev/null 2>"$T/err" ||
		{ fail "$name without faults: $(cat "$T/err")"; return; }
	points=$(cat "$T/count")
	state "$T/after"
	rawstate "$T/after-raw"
	for ((n = 1; n <= points; n += stride)); do
		kind=full
		[ $((n % 2)) = 0 ] && kind=ioerr
		tried=$((tried + 1))
		restore "$base"
		run env KPISTAT_FAULT=$n:$kind "$F" "$@"
		checks=$((checks + 1))
		if [ "$rc" != 0 ] && { [ "$rc" != 74 ] || ! grep -qF "kpistat: $DB: " "$T/err"; }; then
			fail "$name, fault $n ($kind): exit $rc, expected 74 naming the store"
		fi
		store_ok "$name, fault $n ($kind)"
		state "$T/now"
		checks=$((checks + 1))
		if [ "$rc" = 0 ]; then
			cmp -s "$T/now" "$T/after" || fail "$name, fault $n ($kind): succeeded with a different result: $(diff "$T/after" "$T/now" | head -5)"
		else
			cmp -s "$T/now" "$T/before" || fail "$name, fault $n ($kind): failed but changed the store: $(diff "$T/before" "$T/now" | head -5)"
			survived=$((survived + 1))
			if [ -n "$(seen_sql "$DB")" ]; then
				left=$((left + 1))
				"$KP" "$@" >/dev/null 2>&1 || fail "$name, fault $n ($kind): the run after it failed"
				rawstate "$T/now"
				checks=$((checks + 1))
				cmp -s "$T/now" "$T/after-raw" || fail "$name, fault $n ($kind): the run after it differs from a run without faults: $(diff "$T/after-raw" "$T/now" | head -5)"
			fi
		fi
	done
	report="$report
  $name: $points fault points, $tried tried: $survived failed cleanly ($left leaving blocks no reader sees, which the next run removed), $((tried - survived)) succeeded whole"
}

# A store with the catalog, figures and raw records, for the commands that build on it.
full_store() {
	"$KP" catalog load $S/catalog.yaml && "$KP" import $S/measurements.csv --by sample &&
	    "$KP" events import permits $S/events/permits.csv &&
	    "$KP" events import blight_cases $S/events/blight_cases.csv
}
{ head -1 $S/events/permits.csv; tail -n +2 $S/events/permits.csv | sort -r; } >"$T/permits-desc.csv"
sed 's/name: Building permits issued/name: Permits issued (renamed)/; s/^\(  - code: permits.issued\)$/\1/' \
    $S/catalog.yaml >"$T/catalog2.yaml"
cp $S/*.geojson "$T/"	# boundary files are read beside the catalog

setup catalog true
faults catalog catalog catalog load $S/catalog.yaml
setup import "$KP" catalog load $S/catalog.yaml
faults import import import $S/measurements.csv --by sample
setup events full_store
faults "events-in-order" events events import calls911 $S/events/calls911.csv
faults "events-out-of-order" events events import permits "$T/permits-desc.csv" --replace
faults compute events compute --by sample
faults "catalog-change" events catalog load "$T/catalog2.yaml"
faults "record-revision" events record permits.issued 2026-10 999 --reason "fault test"
# A packet's store reads: the Nth read and every one after it fail. The packet exits 74 naming
# the store (or, past its last read, succeeds); the old PDF stays whole and the store as it was.
restore events
"$KP" packet --program tulstat --period 2026-10 -o "$T/old.pdf" >/dev/null
cp "$T/old.pdf" "$T/old.ref"
state "$T/before"
KPISTAT_FAULT=0:read KPISTAT_FAULT_COUNT=$T/count "$F" packet --program tulstat --period 2026-10 \
    -o "$T/new.pdf" >/dev/null
points=$(cat "$T/count")
tried=0
survived=0
for ((n = 1; n <= points; n += stride)); do
	tried=$((tried + 1))
	cp "$T/old.ref" "$T/old.pdf"
	run env KPISTAT_FAULT=$n:read "$F" packet --program tulstat --period 2026-10 -o "$T/old.pdf"
	checks=$((checks + 1))
	if [ "$rc" != 0 ]; then
		[ "$rc" = 74 ] && grep -qF "kpistat: $DB: " "$T/err" ||
			fail "packet, read fault $n: exit $rc, expected 74 naming the store"
		cmp -s "$T/old.pdf" "$T/old.ref" || fail "packet, read fault $n: the old PDF changed"
		survived=$((survived + 1))
	fi
	state "$T/now"
	same_file "$T/now" "$T/before"
done
store_ok "after the packet's read faults"
report="$report
  packet (reads): $points fault points, $tried tried: $survived failed cleanly, $((tried - survived)) succeeded whole"
echo "test_faults.sh: every FAULT_STRIDE=$stride point:$report"
finish
