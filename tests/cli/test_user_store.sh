# Users in a store that something other than kpistat changed: a trigger a DBA added that
# refuses writes to app_user makes add, passwd and disable fail (65) with SQLite's reason and
# leaves the users as they were; the table gone makes every user command a program error (70)
# naming it.
. tests/cli/lib.sh

rm -f "$KPISTAT_DB"*
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load tests/fixtures/cycle.yaml
expect_rc 0 "$KP" user add mayor --role viewer

users() { sqlite3 "$KPISTAT_DB" "SELECT name, role, pwhash IS NOT NULL, disabled, changed_at FROM app_user ORDER BY name"; }

sqlite3 "$KPISTAT_DB" "CREATE TRIGGER app_user_frozen_i BEFORE INSERT ON app_user
    BEGIN SELECT RAISE(ABORT, 'users are frozen'); END;
    CREATE TRIGGER app_user_frozen_u BEFORE UPDATE ON app_user
    BEGIN SELECT RAISE(ABORT, 'users are frozen'); END;"
users >"$T/before"
expect_rc 65 "$KP" user add clerk --role viewer
expect_err "kpistat: $KPISTAT_DB: cannot store the user: users are frozen"
expect_rc 65 "$KP" user disable mayor
expect_err "kpistat: $KPISTAT_DB: cannot change the user: users are frozen"
run sh -c 'echo "a long enough secret" | "$0" user passwd mayor' "$KP"
checks=$((checks + 1))
[ "$rc" = 65 ] || fail "passwd: exit status $rc, expected 65"
expect_err "kpistat: $KPISTAT_DB: cannot change the user: users are frozen"
users >"$T/after"
same_file "$T/before" "$T/after"
expect_rc 0 "$KP" user list
expect_out "mayor"

# The table gone (renamed away): each command names it.
sqlite3 "$KPISTAT_DB" "ALTER TABLE app_user RENAME TO app_user_old"
for cmd in "user add clerk --role viewer" "user list" "user disable mayor"; do
	expect_rc 70 "$KP" $cmd
	expect_err "kpistat: $KPISTAT_DB: cannot prepare a statement: no such table: app_user"
done
run sh -c 'echo "a long enough secret" | "$0" user passwd mayor' "$KP"
checks=$((checks + 1))
[ "$rc" = 70 ] || fail "passwd: exit status $rc, expected 70"
expect_err "kpistat: $KPISTAT_DB: cannot prepare a statement: no such table: app_user"
store_ok "app_user renamed"

finish
