# Helpers for CLI tests; source this from tests/cli/test_*.sh (run from the repository root
# with $KPISTAT set by tests/cli/run.sh).
#   run CMD...            run it, keeping stdout, stderr and the exit status
#   expect_rc N CMD...    run it and check the exit status
#   expect_out TEXT       the last run's stdout contains TEXT (fixed string)
#   expect_err TEXT       the last run's stderr contains TEXT
#   expect_no_out TEXT    the last run's stdout does not contain TEXT
#   same_file A B         files are identical
#   store_ok WHAT         the store passes PRAGMA integrity_check (WHAT names the case)
#   seen_dump DB          sqlite3 .dump of DB without an unfinished events import's blocks
#   finish                print the summary and exit non-zero if anything failed
set -u
: "${KPISTAT:?run through tests/cli/run.sh}"
KP=$KPISTAT
T=$(mktemp -d "${TMPDIR:-/tmp}/kpistat-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export KPISTAT_DB=$T/kp.db
export SOURCE_DATE_EPOCH=1790000000
export USER=tester
checks=0
fails=0
rc=0
last=""

run() {
	last="$*"
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

fail() {
	fails=$((fails + 1))
	echo "FAIL $(basename "$0"): $*"
	echo "  command: $last"
	echo "  --- stdout"; sed 's/^/  | /' "$T/out" | head -15
	echo "  --- stderr"; sed 's/^/  | /' "$T/err" | head -15
}

expect_rc() {
	local want=$1
	shift
	run "$@"
	checks=$((checks + 1))
	[ "$rc" = "$want" ] || fail "exit status $rc, expected $want"
}

expect_out() {
	checks=$((checks + 1))
	grep -qF -- "$1" "$T/out" || fail "stdout lacks '$1'"
}

expect_no_out() {
	checks=$((checks + 1))
	! grep -qF -- "$1" "$T/out" || fail "stdout has '$1'"
}

expect_err() {
	checks=$((checks + 1))
	grep -qF -- "$1" "$T/err" || fail "stderr lacks '$1'"
}

same_file() {
	checks=$((checks + 1))
	cmp -s "$1" "$2" || fail "$1 and $2 differ"
}

# A store with the test catalog loaded.
fresh_store() {
	rm -f "$KPISTAT_DB" "$KPISTAT_DB-wal" "$KPISTAT_DB-shm"
	"$KP" init >/dev/null && "$KP" catalog load tests/fixtures/catalog.yaml >/dev/null
}

# Everything stored, as text: compare before and after a failing command.
snapshot() {
	"$KP" export --format csv >"$1" && "$KP" catalog show >>"$1"
}

store_ok() {
	checks=$((checks + 1))
	[ "$(sqlite3 "$KPISTAT_DB" 'PRAGMA integrity_check' 2>&1)" = ok ] || fail "store damaged: $1"
}

# An events import that was killed, or failed with a disk that kept failing, leaves blocks
# that no reader sees (stat/store_events.c: listed as new in ev_NAME__stage, or in
# ev_NAME__next* tables) until the next import of the dataset removes them. seen_dump dumps a
# copy of the store with those taken out: the store as its readers see it.
seen_sql() {
	sqlite3 "$1" "SELECT printf('DELETE FROM \"%s\" WHERE blk IN (SELECT blk FROM \"%s\" WHERE NOT gone);
DELETE FROM \"%s__data\" WHERE blk IN (SELECT blk FROM \"%s\" WHERE NOT gone);
DELETE FROM \"%s__open\" WHERE blk IN (SELECT blk FROM \"%s\" WHERE NOT gone); DROP TABLE \"%s\";',
    t, name, t, name, t, name, name) FROM (SELECT name, substr(name, 1, length(name) - 7) AS t
    FROM sqlite_schema WHERE type = 'table' AND name GLOB 'ev_*__stage')
UNION ALL SELECT printf('DROP TABLE \"%s\";', name) FROM sqlite_schema
    WHERE type = 'table' AND name GLOB 'ev_*__next*'"
}
seen_dump() {
	rm -f "$T/seen.db"
	sqlite3 "$1" ".backup '$T/seen.db'"
	seen_sql "$T/seen.db" | sqlite3 "$T/seen.db"
	sqlite3 "$T/seen.db" .dump
}

finish() {
	echo "$(basename "$0"): $checks checks, $fails failed"
	[ "$fails" -eq 0 ]
}
