# `kpistat serve` over HTTP with curl, on a free loopback port against a temp store: logging
# in, a department's figures and follow-ups, the office's data call, the viewers' status; and
# every attack the issue lists, each with its status code and `kpistat export` unchanged where
# nothing may change. The server is always stopped at the end (trap).
. tests/cli/lib.sh

SPID=""
stop_server() {
	if [ -n "$SPID" ]; then
		kill -TERM "$SPID" 2>/dev/null
		wait "$SPID" 2>/dev/null
		SPID=""
		[ "$fails" -eq 0 ] || { echo "  --- server log"; tail -25 "$T/serve.log" | sed 's/^/  | /'; }
	fi
}
trap 'stop_server; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

# Start a server (environment as given before the call); sets BASE.
start_server() {
	: >"$T/serve.log"
	"$KP" serve --listen 127.0.0.1:0 "$@" 2>"$T/serve.log" &
	SPID=$!
	for _ in $(seq 100); do
		port=$(sed -n 's|.*serving .* on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { echo "server did not start"; cat "$T/serve.log"; exit 1; }
	BASE=http://127.0.0.1:$port
}

# http WANT JAR PATH [curl args]: one request; the body lands in $T/body.
http() {
	local want=$1 jar=$2 path=$3 code
	shift 3
	last="curl $path $*"
	code=$(curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' -b "$jar" -c "$jar" "$@" "$BASE$path")
	checks=$((checks + 1))
	if [ "$code" != "$want" ]; then
		fails=$((fails + 1))
		echo "FAIL test_serve.sh: $path: status $code, expected $want ($*)"
		sed 's/^/  | /' "$T/body" | grep -v '^  | *$' | head -40
	fi
}
body_has() {
	checks=$((checks + 1))
	grep -qF -- "$1" "$T/body" || { fails=$((fails + 1)); echo "FAIL test_serve.sh: body lacks '$1' ($last)"; }
}
body_lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$1" "$T/body" || { fails=$((fails + 1)); echo "FAIL test_serve.sh: body has '$1' ($last)"; }
}
head_has() {
	checks=$((checks + 1))
	grep -qiF -- "$1" "$T/head" || { fails=$((fails + 1)); echo "FAIL test_serve.sh: headers lack '$1' ($last)"; }
}
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1; }

# login JAR NAME PASSWORD WANT: load the form, post it.
login() {
	rm -f "$1"
	http 200 "$1" /login
	http "$4" "$1" /login --data-urlencode "csrf=$(csrf_of)" --data-urlencode "name=$2" \
	    --data-urlencode "password=$3"
}
unchanged() {
	"$KP" export --format csv >"$T/now.csv"
	sqlite3 "$KPISTAT_DB" "SELECT * FROM commentary; SELECT * FROM action_event" >>"$T/now.csv"
	checks=$((checks + 1))
	cmp -s "$T/snap.csv" "$T/now.csv" || { fails=$((fails + 1)); echo "FAIL test_serve.sh: store changed: $1"; diff "$T/snap.csv" "$T/now.csv" | head; }
}
snap() {
	"$KP" export --format csv >"$T/snap.csv"
	sqlite3 "$KPISTAT_DB" "SELECT * FROM commentary; SELECT * FROM action_event" >>"$T/snap.csv"
}

rm -f "$KPISTAT_DB"*
"$KP" init >/dev/null
expect_rc 0 "$KP" catalog load tests/fixtures/cycle.yaml
{
	printf 'metric,period,value\npermits.review_days,2026-09,4.4\npermits.within_5_days,2026-09,93\n'
	for m in 01 02 03 04 05 06 07 08; do printf 'permits.review_days,2026-%s,4.%s\n' "$m" "${m#0}"; done
	for m in 09 10 11 12; do printf 'permits.review_days,2025-%s,4.%s\n' "$m" "$((${m#0} - 8))"; done
} >"$T/h.csv"
expect_rc 0 "$KP" import "$T/h.csv" --by steward
# October: entered, locked. November: the open call.
expect_rc 0 "$KP" call open --program tulstat --period 2026-10 --due 2026-11-05
expect_rc 0 "$KP" record permits.review_days 2026-10 4.6 --by "Pat Smith"
expect_rc 0 "$KP" lock --program tulstat --period 2026-10 --force
expect_rc 0 "$KP" call open --program tulstat --period 2026-11 --due 2026-12-05
expect_rc 0 "$KP" meeting add --program tulstat --period 2026-10 --date 2026-11-10
expect_rc 0 "$KP" action add --meeting 1 --owner "Pat Smith" --due 2026-12-01 --metric permits.review_days "Clear the backlog"
expect_rc 0 "$KP" action add --meeting 1 --owner "Michael Baker" --due 2026-12-01 --metric fire.lift_assists "Visit top callers"
for u in "ann department dev" "fred department fire" "gone department dev" "tim department pw" "office1 office" "eve viewer"; do
	set -- $u
	expect_rc 0 "$KP" user add "$1" --role "$2" ${3:+--department "$3"}
	expect_rc 0 sh -c "echo '$1 long password' | '$KP' user passwd '$1'"
done
oct=$(sqlite3 "$KPISTAT_DB" "SELECT id FROM data_call WHERE period = '2026-10'")
nov=$(sqlite3 "$KPISTAT_DB" "SELECT id FROM data_call WHERE period = '2026-11'")

start_server
J=$T/ann.jar

# Security headers on every response, the stylesheet the only file.
http 303 "$J" /
head_has "Location: /login"
head_has "Content-Security-Policy: default-src 'none'; style-src 'self'"
head_has "frame-ancestors 'none'"
head_has "X-Content-Type-Options: nosniff"
http 200 "$J" /static/kpistat.css
head_has "Content-Type: text/css"
for p in /static/../../etc/passwd /static/%2e%2e/%2e%2e/etc/passwd /../kp.db /static/ /etc/passwd "/static/kpistat.css/../../kp.db"; do
	http 404 "$J" "$p" --path-as-is
	body_lacks "root:"
done
http 405 "$J" /figures -X DELETE

# Logging in.
snap
login "$J" ann "wrong password here" 401
body_has "Wrong name or password"
login "$J" nobody "ann long password" 401
body_has "Wrong name or password"
rm -f "$J"
http 200 "$J" /login
http 403 "$J" /login --data-urlencode "csrf=0000" --data-urlencode "name=ann" --data-urlencode "password=ann long password"
login "$J" ann "ann long password" 303
head_has "Set-Cookie: kpistat_session="
head_has "HttpOnly; SameSite=Strict"
grep -qi "Set-Cookie: kpistat_session=.*Secure" "$T/head" && { fails=$((fails + 1)); echo "FAIL: Secure cookie without https base URL"; }
checks=$((checks + 1))
http 303 "$J" /
head_has "Location: /figures"
http 403 "$J" /call
http 200 "$J" /figures
body_has '<html lang="en">'
body_has '<label for="v-permits.review_days">'
body_has "Locked (tulstat 2026-10): read only"
body_has "Previous period: 4.6."
body_lacks "fire.lift_assists"
CS=$(csrf_of)
unchanged "failed logins"

# A bad value and an off-target figure without commentary: 422, typed values kept, nothing saved.
http 422 "$J" /figures --data-urlencode "csrf=$CS" -d "call=$nov" --data-urlencode "v.permits.review_days=4,2x" --data-urlencode "v.permits.within_5_days=85%"
body_has 'value="4,2x" aria-invalid="true" aria-describedby="ev-permits.review_days"'
body_has 'id="ev-permits.review_days">bad value &#39;4,2x&#39;: thousands separators'
body_has 'value="85%"'
body_has "85 is off target (92): say in a sentence"
unchanged "invalid figures"

# SQL metacharacters, <script> and an attribute break-out: stored literally, shown escaped.
evil="Robert'); DROP TABLE measurement;-- <script>alert(1)</script> \"><img src=x onerror=alert(2)>"
http 200 "$J" /figures --data-urlencode "csrf=$CS" -d "call=$nov" --data-urlencode "v.permits.review_days=1,234" --data-urlencode "v.permits.within_5_days=89%" --data-urlencode "c.permits.within_5_days=$evil" --data-urlencode "c.permits.review_days=Backlog; 'quoted' -- %"
body_has "Saved. What the store now holds"
body_has "Saved: 1234."
body_has "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
body_lacks "<script>"
body_lacks "<img"
[ "$(sqlite3 "$KPISTAT_DB" "SELECT text FROM commentary WHERE metric = 'permits.within_5_days'")" = "$evil" ] ||
    { fails=$((fails + 1)); echo "FAIL: commentary not stored literally"; }
checks=$((checks + 1))
"$KP" export --format csv >"$T/exp.csv"
grep -q "permits.within_5_days,2026-11,.*89" "$T/exp.csv" || { fails=$((fails + 1)); echo "FAIL: 89% not stored"; }
grep -q "permits.review_days,2026-11,.*1234.*ann" "$T/exp.csv" || { fails=$((fails + 1)); echo "FAIL: 1,234 by ann not stored"; cat "$T/exp.csv"; }
checks=$((checks + 2))
expect_rc 0 "$KP" comment --history permits.within_5_days
expect_out "by ann"
expect_out "$evil"
sqlite3 "$KPISTAT_DB" "SELECT count(*) FROM measurement" >"$T/n"
checks=$((checks + 1))
[ "$(cat "$T/n")" = 17 ] || { fails=$((fails + 1)); echo "FAIL: measurement table count $(cat "$T/n")"; }

# Changing a submitted figure needs a reason.
snap
http 422 "$J" /figures --data-urlencode "csrf=$CS" -d "call=$nov" --data-urlencode "v.permits.review_days=4.1"
body_has "You changed the submitted figure from 1234 to 4.1: give the reason"
unchanged "change without reason"
http 200 "$J" /figures --data-urlencode "csrf=$CS" -d "call=$nov" --data-urlencode "v.permits.review_days=4.1" --data-urlencode "r.permits.review_days=typo: 1,234 was the count"
body_has "Saved: revised from 1234 to 4.1."
expect_rc 0 "$KP" history permits.review_days --period 2026-11
expect_out "typo: 1,234 was the count"
snap

# CSRF: missing, stale (another session's), forged.
http 403 "$J" /figures -d "call=$nov" --data-urlencode "v.permits.review_days=3"
http 403 "$J" /figures -d "csrf=$(printf '%064d' 0)" -d "call=$nov" --data-urlencode "v.permits.review_days=3"
J2=$T/ann2.jar
login "$J2" ann "ann long password" 303
http 200 "$J2" /figures
CS2=$(csrf_of)
http 403 "$J" /figures -d "csrf=$CS2" -d "call=$nov" --data-urlencode "v.permits.review_days=3"
http 403 "$J" /figures -d "csrf=$CS" -d "csrf=$CS2" -d "call=$nov" --data-urlencode "v.permits.review_days=3" -o /dev/null
unchanged "csrf"

# Another department's metric, a computed or unknown one, a locked period, a closed call.
http 403 "$J" /figures -d "csrf=$CS" -d "call=$nov" --data-urlencode "v.fire.lift_assists=100"
body_has "not your department"
http 400 "$J" /figures -d "csrf=$CS" -d "call=$nov" --data-urlencode "v.no.such=1"
http 400 "$J" /figures -d "csrf=$CS" -d "call=$nov" --data-urlencode "by=mallory"
http 409 "$J" /figures -d "csrf=$CS" -d "call=$oct" --data-urlencode "v.permits.review_days=3" --data-urlencode "r.permits.review_days=because"
body_has "locked"
http 409 "$J" /figures -d "csrf=$CS" -d "call=999" --data-urlencode "v.permits.review_days=3"
http 409 "$J" /figures -d "csrf=$CS" -d "call=1' OR '1'='1" --data-urlencode "v.permits.review_days=3"
http 400 "$J" /figures -d "csrf=$CS" -d "call=$nov" -d "v.permits.review_days=%ff%fe"
http 415 "$J" /figures -H "Content-Type: text/plain" --data "csrf=$CS"
unchanged "other department, locked, bad form"

# An oversized body: 413, nothing read into the store.
head -c 70000 /dev/zero | tr '\0' a >"$T/big"
http 413 "$J" /figures --data-urlencode "csrf=$CS" -d "call=$nov" --data-urlencode "c.permits.review_days@$T/big"
http 413 "$J" /figures -H "Transfer-Encoding: chunked" --data-binary "@$T/big"
unchanged "oversized"

# Follow-ups: the department's own only; done needs evidence; a new due date needs a plan.
http 200 "$J" /followups
body_has "F-1: Clear the backlog"
body_lacks "Visit top callers"
http 403 "$J" /followups -d "csrf=$CS" -d id=2 -d status=done --data-urlencode "evidence=forged"
http 404 "$J" /followups -d "csrf=$CS" -d id=99 -d status=done
http 400 "$J" /followups -d "csrf=$CS" -d id=1 -d status=finished
http 422 "$J" /followups -d "csrf=$CS" -d id=1 -d status=done
body_has "Done needs evidence"
http 422 "$J" /followups -d "csrf=$CS" -d id=1 -d status=in_progress -d due=2026-12-20
body_has "A new due date needs a revised plan"
http 422 "$J" /followups -d "csrf=$CS" -d id=1 -d due=2026-02-30 --data-urlencode "plan=later"
body_has "Not a date"
http 422 "$J" /followups -d "csrf=$CS" -d id=1 -d status=dropped
body_has "Dropping needs a note"
unchanged "follow-up rules"
http 200 "$J" /followups -d "csrf=$CS" -d id=1 -d status=done --data-urlencode "evidence=Backlog at 12 files (<b>report</b>)"
body_has "Saved: F-1 updated."
body_has "&lt;b&gt;report&lt;/b&gt;"
expect_rc 0 "$KP" action show F-1
expect_out "open -> done"
expect_out "by ann"

# The office's data call; the viewer's status; roles kept apart.
JO=$T/office.jar
login "$JO" office1 "office1 long password" 303
http 303 "$JO" /
head_has "Location: /call"
http 200 "$JO" /call
body_has "Development Services"
body_has "2 of 2"
body_has "Fire Department"
body_has '<a href="/figures?dept=pw">Enter or correct these figures</a>'
# The office enters a department's figures (what a department sent by mail), under its own name.
http 200 "$JO" /figures
body_has "<h1>Enter figures</h1>"
body_has '<a href="/figures?dept=pw">Public Works</a>'
http 404 "$JO" "/figures?dept=nosuch"
body_has "There is no department with that code"
http 404 "$JO" "/figures?dept=%27%3E%3Cscript%3E"
body_lacks "<script>"
http 200 "$JO" "/figures?dept=pw"
body_has "<h1>Figures of Public Works</h1>"
body_has '<input type="hidden" name="dept" value="pw">'
body_has 'name="v.pw.missed_pickups"'
body_lacks 'name="v.permits.review_days"'
CSO=$(csrf_of)
snap
# Without saying the department, with another department's figure, or the fields of two: nothing.
http 400 "$JO" /figures -d "csrf=$CSO" -d "call=$nov" --data-urlencode "v.pw.missed_pickups=4.5"
body_has "does not say which department"
http 403 "$JO" /figures -d "csrf=$CSO" -d "call=$nov" -d "dept=pw" --data-urlencode "v.fire.lift_assists=100"
body_has "not this department"
http 400 "$JO" /figures -d "csrf=$CSO" -d "call=$nov" -d "dept=pw" -d "dept=fire" --data-urlencode "v.pw.missed_pickups=4.5"
http 404 "$JO" /figures -d "csrf=$CSO" -d "call=$nov" -d "dept=nosuch" --data-urlencode "v.pw.missed_pickups=4.5"
http 403 "$JO" /figures -d "csrf=$(printf '%064d' 0)" -d "call=$nov" -d "dept=pw" --data-urlencode "v.pw.missed_pickups=4.5"
# Off target needs commentary from the office too.
http 422 "$JO" /figures -d "csrf=$CSO" -d "call=$nov" -d "dept=pw" --data-urlencode "v.pw.missed_pickups=7.5"
body_has "is off target"
unchanged "office posts refused"
# A department user cannot pick another department with the office's field.
http 400 "$J" /figures -d "csrf=$CS" -d "call=$nov" -d "dept=pw" --data-urlencode "v.pw.missed_pickups=4.5"
unchanged "department user with dept="
http 200 "$JO" /figures -d "csrf=$CSO" -d "call=$nov" -d "dept=pw" --data-urlencode "v.pw.missed_pickups=4.5"
body_has "Saved. What the store now holds"
body_has "Saved: 4.5."
checks=$((checks + 1))
[ "$(sqlite3 "$KPISTAT_DB" "SELECT m.value || ' ' || m.entered_by FROM measurement m JOIN metric t ON t.id = m.metric WHERE t.code = 'pw.missed_pickups' AND m.period = '2026-11'")" = "4.5 office1" ] ||
	{ fails=$((fails + 1)); echo "FAIL test_serve.sh: the office's figure is not stored under its name"; }
grep -q '^20[0-9-]*T[0-9:]*Z POST /figures 200 [0-9.]*ms office1$' "$T/serve.log" ||
	{ fails=$((fails + 1)); echo "FAIL test_serve.sh: office's log line"; }
JV=$T/eve.jar
login "$JV" eve "eve long password" 303
http 200 "$JV" /status
body_has "Median building permit review time"
body_has '<svg class="spark"'
body_has "<td>common cause: no signal</td><td>will meet the target consistently</td>"
body_has "too few figures (3) for process limits"
# A catalog changed while serving is on the next page, even on the same connection (whose
# thread keeps the catalog it read while the store is unchanged): two requests on one
# keep-alive connection 5 s apart (--rate), a metric renamed in between.
sed 's/name: Median building permit review time/name: Median permit review time (days)/' \
	tests/fixtures/cycle.yaml >"$T/renamed.yaml"
rm -f "$T/s1" "$T/s2"
curl -s -b "$JV" --rate 12/m -o "$T/s1" "$BASE/status" -o "$T/s2" "$BASE/status" \
	-w '%{num_connects}\n' >"$T/conns" &
CPID=$!
for _ in $(seq 50); do [ -s "$T/s1" ] && break; sleep 0.1; done
expect_rc 0 "$KP" catalog load "$T/renamed.yaml"
wait "$CPID"
checks=$((checks + 3))
grep -q "Median building permit review time" "$T/s1" ||
	{ fails=$((fails + 1)); echo "FAIL test_serve.sh: first status page lacks the old name"; }
grep -q "Median permit review time (days)" "$T/s2" ||
	{ fails=$((fails + 1)); echo "FAIL test_serve.sh: status page after catalog load lacks the new name"; }
[ "$(tr '\n' ' ' <"$T/conns")" = "1 0 " ] ||
	{ fails=$((fails + 1)); echo "FAIL test_serve.sh: the two pages did not share a connection ($(cat "$T/conns"))"; }
expect_rc 0 "$KP" catalog load tests/fixtures/cycle.yaml
http 403 "$JV" /call
http 403 "$JV" /followups -d "csrf=x"

# Logging out ends the session; a disabled user is out at the next request.
http 200 "$J2" /figures
CS2=$(csrf_of)
http 303 "$J2" /logout -d "csrf=$CS2"
http 303 "$J2" /figures
head_has "Location: /login"
JG=$T/gone.jar
login "$JG" gone "gone long password" 303
http 200 "$JG" /figures
CSG=$(csrf_of)
expect_rc 0 "$KP" user disable gone
snap
http 401 "$JG" /figures -d "csrf=$CSG" -d "call=$nov" --data-urlencode "v.permits.review_days=3" --data-urlencode "r.permits.review_days=x"
http 303 "$JG" /figures
login "$JG" gone "gone long password" 401
unchanged "disabled user"

# Repeated failures for one name: after three, a growing wait, whatever the password.
JT=$T/tim.jar
for _ in 1 2 3; do login "$JT" tim "not the password" 401; done
login "$JT" tim "tim long password" 429
head_has "Retry-After:"
body_has "Too many wrong passwords"
sleep 2.2
login "$JT" tim "tim long password" 303

# The log: one line per request, never a password, token or cookie.
checks=$((checks + 1))
grep -q '^20[0-9-]*T[0-9:]*Z POST /figures 200 [0-9.]*ms ann$' "$T/serve.log" || { fails=$((fails + 1)); echo "FAIL: log line"; head "$T/serve.log"; }
checks=$((checks + 1))
! grep -qE "long password|$CS|kpistat_session" "$T/serve.log" || { fails=$((fails + 1)); echo "FAIL: secret in the log"; }
stop_server
checks=$((checks + 1))
grep -q "kpistat: stopped" "$T/serve.log" || { fails=$((fails + 1)); echo "FAIL: no clean stop"; tail -3 "$T/serve.log"; }

# An expired session (idle 2 s): back to the log-in page, a POST refused.
KPISTAT_SESSION_IDLE=2 start_server
login "$J" ann "ann long password" 303
http 200 "$J" /figures
CS=$(csrf_of)
sleep 3.2
snap
http 401 "$J" /figures -d "csrf=$CS" -d "call=$nov" --data-urlencode "v.permits.within_5_days=95"
http 303 "$J" /figures
unchanged "expired session"
stop_server

# A submission in flight when the server is told to stop is finished, not lost: a figure with
# a long commentary sent slowly (curl --limit-rate: about 2.5 s), SIGTERM while it uploads. The
# client gets its 200 and the figure is in the store (never a 200 for a figure that is not).
stop_server
start_server
login "$J" ann "ann long password" 303
http 200 "$J" /figures
CS=$(csrf_of)
long=$(printf "Backlog cleared by overtime %.0s" $(seq 120))
curl -s -o "$T/slow.body" -w '%{http_code}' -b "$J" --limit-rate 1500 --data-urlencode "csrf=$CS" \
    -d "call=$nov" --data-urlencode "v.permits.review_days=7.5" \
    --data-urlencode "r.permits.review_days=sent slowly" \
    --data-urlencode "c.permits.review_days=$long" "$BASE/figures" >"$T/slow.code" 2>/dev/null &
cpid=$!
sleep 1
checks=$((checks + 1))
kill -0 $cpid 2>/dev/null || { fails=$((fails + 1)); echo "FAIL test_serve.sh: the slow POST ended before the signal"; }
t0=$(date +%s)
kill -TERM "$SPID"
wait $cpid
wait "$SPID"
src=$?
SPID=""
checks=$((checks + 3))
[ "$(cat "$T/slow.code")" = 200 ] || { fails=$((fails + 1)); echo "FAIL test_serve.sh: the POST in flight at SIGTERM got $(cat "$T/slow.code"), expected 200"; }
"$KP" export --format csv | grep -q '^permits.review_days,2026-11,,7.5,' ||
	{ fails=$((fails + 1)); echo "FAIL test_serve.sh: the figure of the POST in flight at SIGTERM is not in the store"; }
[ "$src" = 0 ] && grep -q "finishing the requests in flight" "$T/serve.log" && grep -q "stopped" "$T/serve.log" ||
	{ fails=$((fails + 1)); echo "FAIL test_serve.sh: serve did not stop cleanly after SIGTERM (exit $src)"; }
echo "test_serve.sh: the POST in flight finished $(($(date +%s) - t0)) s after SIGTERM"

# Behind TLS (--base-url https://...): the session cookie is Secure.
start_server --base-url https://stat.example.gov
login "$J" ann "ann long password" 303
head_has "Set-Cookie: kpistat_session="
head_has "HttpOnly; SameSite=Strict; Secure"
stop_server

# Bad options.
expect_rc 64 "$KP" serve --listen localhost
expect_err "bad --listen 'localhost'"
expect_rc 64 "$KP" serve --listen 127.0.0.1:99999
expect_err "port must be 0..65535"
expect_rc 64 "$KP" serve --listen 300.1.1.1:80
expect_err "is not an IPv4 address"
expect_rc 64 "$KP" serve --base-url ftp://x
expect_err "bad --base-url"
expect_rc 66 "$KP" --db "$T/none.db" serve --listen 127.0.0.1:0
store_ok serve
finish
