#!/usr/bin/env bash
# make valgrind: a packet build and an events import (in and out of key order) under memcheck.
# Fails on any memcheck error or any block definitely lost (VALGRIND sets --error-exitcode).
#   tests/valgrind.sh "VALGRIND COMMAND" PATH/TO/kpistat PATH/TO/events_gen
set -u
vg=${1:?}
kp=${2:?}
gen=${3:?}
T=$(mktemp -d "${TMPDIR:-/tmp}/kpistat-vg.XXXXXX")
trap 'rm -rf "$T"' EXIT
export KPISTAT_DB=$T/kp.db SOURCE_DATE_EPOCH=1790000000
failed=0
step() {	# step WHAT CMD...: run under memcheck
	local what=$1
	shift
	if $vg "$@" >"$T/out" 2>"$T/err"; then
		echo "valgrind: $what: no errors, nothing definitely lost"
	else
		echo "valgrind: $what: FAILED (exit $?)"
		sed 's/^/  | /' "$T/err" | head -40
		failed=1
	fi
}
"$kp" init >/dev/null
"$kp" catalog load samples/city/catalog.yaml >/dev/null
"$kp" import samples/city/measurements.csv --by sample >/dev/null
"$gen" permits 50000 >"$T/permits.csv"
{ head -1 "$T/permits.csv"; tail -n +2 "$T/permits.csv" | sort -r; } >"$T/desc.csv"
step "events import (key order)" "$kp" events import permits "$T/permits.csv"
step "events import (out of order)" "$kp" events import permits "$T/desc.csv" --replace
step "compute" "$kp" compute --by sample
step "packet" "$kp" packet --program tulstat --period 2026-10 -o "$T/p.pdf"
exit $failed
