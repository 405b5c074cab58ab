# The command line itself: help, version, usage errors, init.
. tests/cli/lib.sh

expect_rc 0 "$KP" --version
expect_out "kpistat "
expect_rc 0 "$KP" help
expect_out "commands:"
expect_out "import"
expect_rc 0 "$KP" --help
expect_out "usage: kpistat"
expect_rc 64 "$KP"
expect_rc 64 "$KP" imprt
expect_err "unknown command 'imprt'"
expect_rc 64 "$KP" --frobnicate status
expect_err "unknown option '--frobnicate'"
for c in catalog export history import init record status; do
	expect_rc 0 "$KP" "$c" --help
	expect_out "usage: kpistat $c"
done
expect_rc 0 "$KP" help record
expect_out "--reason"
expect_rc 64 "$KP" help nosuch
expect_rc 64 "$KP" record --bogus x y z
expect_rc 64 "$KP" record only-one-arg
expect_err "expected METRIC PERIOD VALUE"
expect_rc 64 "$KP" status --format xml
expect_err "bad format 'xml'"

# A command that needs a store, without one: exit 66 and say what to do.
expect_rc 66 "$KP" status
expect_err "run 'kpistat init' first"

expect_rc 0 "$KP" init
expect_out "created store"
[ -f "$KPISTAT_DB" ] || fail "init made no file"
expect_rc 0 "$KP" init
expect_out "already exists"

# --db beats $KPISTAT_DB, before or after the command.
expect_rc 0 "$KP" --db "$T/other.db" init
[ -f "$T/other.db" ] || fail "--db before the command ignored"
expect_rc 0 "$KP" init --db "$T/third.db"
[ -f "$T/third.db" ] || fail "--db after the command ignored"

finish
