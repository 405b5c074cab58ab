# kill -9 at points spread over an import: `events import` of a generated file out of key
# order (reading, sorting in spilled runs, merging into the blocks, committing) and `import` of a
# large measurements CSV, each on top of earlier data. After every kill: integrity ok, the store
# exactly as before as its readers see it (nothing of the killed import visible, earlier data
# intact; an events import's unpublished blocks may stay until the next import), or, killed
# after its commit while it closed, exactly as after an uninterrupted run; at the end the
# same import succeeds and gives what an import never interrupted gives.
# Sizes and points: KILL_POINTS (default 6), KILL_ROWS raw records (default 200,000) and
# KILL_CSV_ROWS figures (default 60,000); make soak runs 20 points on 1,000,000 and 400,000.
. tests/cli/lib.sh
GEN=${EVENTS_GEN:-build/events_gen}
points=${KILL_POINTS:-6}
rows=${KILL_ROWS:-200000}
csvrows=${KILL_CSV_ROWS:-60000}

digest() {	# digest: everything in the store its readers see (lib.sh: seen_dump), hashed
	{ seen_dump "$KPISTAT_DB"; "$KP" export; "$KP" events list; } | md5sum
}
rawdigest() {	# rawdigest: everything in the store, hashed
	{ sqlite3 "$KPISTAT_DB" .dump; "$KP" export; "$KP" events list; } | md5sum
}
now_ms() { date +%s%3N; }

# kill_points NAME CMD...: time an uninterrupted run D (on a copy), then kill the command at
# D*i/(points+1) for i = 1..points, checking the store after each kill, then run it to the end.
kill_points() {
	local name=$1 t0 d i delay pid killed=0 late=0 committed=0 before after after_raw now
	shift
	cp "$KPISTAT_DB" "$T/base.db"
	before=$(digest)
	# Two uninterrupted runs (the first one warms the page cache): D is the shorter.
	for i in 1 2; do
		t0=$(now_ms)
		"$@" >/dev/null 2>&1 || fail "$name without a kill failed"
		t0=$(($(now_ms) - t0))
		[ "$i" = 1 ] || [ "$t0" -lt "$d" ] && d=$t0
		after=$(digest)
		after_raw=$(rawdigest)
		rm -f "$KPISTAT_DB-wal" "$KPISTAT_DB-shm" "$KPISTAT_DB-journal"
		cp "$T/base.db" "$KPISTAT_DB"
	done
	for ((i = 1; i <= points; i++)); do
		delay=$((d * i / (points + 1)))
		"$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		if ! kill -9 $pid 2>/dev/null; then
			# It finished first: then it is whole. Start the next point from before again.
			wait $pid 2>/dev/null
			checks=$((checks + 1))
			[ "$(digest)" = "$after" ] || fail "$name finished before its kill but differs"
			rm -f "$KPISTAT_DB-wal" "$KPISTAT_DB-shm" "$KPISTAT_DB-journal"
			cp "$T/base.db" "$KPISTAT_DB"
			continue
		fi
		killed=$((killed + 1))
		[ $((i * 4)) -gt $((points * 3)) ] && late=$((late + 1))
		wait $pid 2>/dev/null
		store_ok "$name killed at $delay ms"
		checks=$((checks + 1))
		now=$(digest)
		if [ "$now" = "$after" ]; then
			# Killed after its commit (while closing): whole, as atomic means.
			committed=$((committed + 1))
			rm -f "$KPISTAT_DB-wal" "$KPISTAT_DB-shm" "$KPISTAT_DB-journal"
			cp "$T/base.db" "$KPISTAT_DB"
		elif [ "$now" != "$before" ]; then
			fail "$name killed at $delay ms of $d: the store is neither as before nor as after"
			rm -f "$KPISTAT_DB-wal" "$KPISTAT_DB-shm" "$KPISTAT_DB-journal"
			cp "$T/base.db" "$KPISTAT_DB"
		fi
	done
	expect_rc 0 "$@"
	checks=$((checks + 1))
	# Whatever a killed run left, the next run removed: the store is exactly as after one run.
	[ "$(rawdigest)" = "$after_raw" ] || fail "$name after the kills differs from an uninterrupted run"
	echo "test_kill.sh: $name: $d ms uninterrupted; $killed of $points kills landed ($late in the last quarter: merge and commit; $committed after the commit point)"
}

"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null
"$KP" import samples/city/measurements.csv --by sample >/dev/null

# Earlier raw records (the first half of the keys), then the whole file out of key order:
# half of it new, half re-imported unchanged.
"$GEN" permits "$rows" >"$T/permits.csv"
head -n $((rows / 2 + 1)) "$T/permits.csv" >"$T/half.csv"
"$KP" events import permits "$T/half.csv" >/dev/null
{ head -1 "$T/permits.csv"; tail -n +2 "$T/permits.csv" | awk '{ print (NR * 7919) % 1000003 "\t" $0 }' |
    sort -n | cut -f2-; } >"$T/shuffled.csv"
kill_points "events import" "$KP" events import permits "$T/shuffled.csv"

# Figures: a large CSV of one metric by district, new on top of the sample figures.
awk -v n="$csvrows" 'BEGIN { print "metric,period,value,breakdown,note"
	for (i = 0; i < n; i++) { d = int(i / 600) + 1; y = 2000 + int((i % 600) / 12); m = i % 12 + 1
		printf "permits.issued,%d-%02d,%d,district=%d,\n", y, m, (y * 13 + m * 7 + d) % 1000, d } }' \
    >"$T/big.csv"
kill_points "import" "$KP" import "$T/big.csv" --by kill-test
finish
