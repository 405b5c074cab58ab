# Users of `kpistat serve`: add, passwd (from stdin when it is not a terminal), list, disable,
# and every bad input, each with its message, exit status and an unchanged store.
. tests/cli/lib.sh

rm -f "$KPISTAT_DB"*
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load tests/fixtures/cycle.yaml

users() { sqlite3 "$KPISTAT_DB" "SELECT name, role, ifnull(department,'-'), pwhash IS NOT NULL, disabled FROM app_user ORDER BY name"; }

expect_rc 0 "$KP" user add "Pat Smith" --role department --department dev
expect_out "added user Pat Smith (department, department dev)"
expect_rc 0 "$KP" user add office1 --role office
expect_rc 0 "$KP" user add mayor --role viewer --by "IT desk"
[ "$(sqlite3 "$KPISTAT_DB" "SELECT created_by FROM app_user WHERE name = 'mayor'")" = "IT desk" ] ||
    fail "created_by not kept"
users >"$T/before"

# Bad input: nothing changes.
expect_rc 64 "$KP" user add x
expect_err "'user add' needs --role office|department|viewer"
expect_rc 64 "$KP" user add x --role admin
expect_err "bad role 'admin': expected office, department or viewer"
expect_rc 64 "$KP" user add x --role department
expect_err "a department user needs --department CODE"
expect_rc 64 "$KP" user add x --role office --department dev
expect_err "--department goes with --role department only"
expect_rc 65 "$KP" user add x --role department --department nosuch
expect_err "unknown department 'nosuch'"
expect_rc 65 "$KP" user add "Pat Smith" --role viewer
expect_err "user 'Pat Smith' exists already"
expect_rc 64 "$KP" user add "" --role viewer
expect_err "empty user name"
expect_rc 64 "$KP" user add " pad" --role viewer
expect_err "starts or ends with a space"
expect_rc 64 "$KP" user add "$(printf 'a\tb')" --role viewer
expect_err "control character at byte 2"
expect_rc 64 "$KP" user add "$(printf '%070d' 0)" --role viewer
expect_err "user name is 70 bytes long: at most 64"
expect_rc 64 "$KP" user add "$(printf 'bad\377')" --role viewer
expect_err "user name is not valid UTF-8"
expect_rc 64 "$KP" user passwd mayor --role viewer
expect_err "--role and --department go with 'user add'"
expect_rc 64 "$KP" user
expect_err "expected add, passwd, list or disable"
expect_rc 64 "$KP" user remove mayor
expect_err "unknown 'user remove'"
expect_rc 64 "$KP" user list extra
expect_err "'user list' takes no arguments"
expect_rc 64 "$KP" user disable
expect_err "'user disable' takes one user NAME"
expect_rc 64 "$KP" user add --password secret mayor --role viewer
expect_err "unknown option '--password'"

# Passwords: from stdin, checked, never in the store in clear.
expect_rc 65 sh -c "printf 'short\n' | '$KP' user passwd 'Pat Smith'"
expect_err "password is too short: 5 characters, at least 10"
expect_rc 65 sh -c "printf '' | '$KP' user passwd 'Pat Smith'"
expect_err "no password: expected one line"
expect_rc 65 sh -c "head -c 2000 /dev/zero | tr '\\0' a | '$KP' user passwd 'Pat Smith'"
expect_err "no password: expected one line of at most 1024 bytes"
expect_rc 65 sh -c "printf 'caf\\351 au lait ok\n' | '$KP' user passwd 'Pat Smith'"
expect_err "password is not valid UTF-8"
expect_rc 65 sh -c "printf 'long enough pw\n' | '$KP' user passwd nobody"
expect_err "no user 'nobody'"
expect_rc 65 "$KP" user disable nobody
expect_err "no user 'nobody'"
users >"$T/after"
same_file "$T/before" "$T/after"

expect_rc 0 sh -c "printf 'correct horse battery\n' | '$KP' user passwd 'Pat Smith'"
expect_out "password set for Pat Smith"
hash=$(sqlite3 "$KPISTAT_DB" "SELECT pwhash FROM app_user WHERE name = 'Pat Smith'")
case $hash in '$argon2id$'*) ;; *) fail "not an Argon2id hash: $hash" ;; esac
checks=$((checks + 1))
! grep -qa "correct horse" "$KPISTAT_DB" "$KPISTAT_DB-wal" 2>/dev/null || fail "password in clear in the store"

expect_rc 0 "$KP" user disable mayor
expect_out "disabled user mayor"
expect_rc 0 "$KP" user disable mayor
expect_rc 0 "$KP" user list
expect_out "Pat Smith"
expect_out "department dev"
checks=$((checks + 1))
grep -q '^Pat Smith .*department *dev *set *active' "$T/out" || fail "list row for Pat Smith"
checks=$((checks + 1))
grep -q '^mayor .*viewer .*not set *disabled' "$T/out" || fail "list row for mayor"
expect_rc 0 "$KP" user --help
expect_out "usage: kpistat user add NAME"
store_ok users
finish
