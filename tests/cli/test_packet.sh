# The briefing packet: structure (qpdf), pages, text that copies out in UTF-8, status words,
# embedded subset fonts, bookmarks, links, identical bytes in deterministic mode, the data notes
# on records a compute left out, and every bad input with its exit status. Runs on the sample city (samples/city).
. tests/cli/lib.sh

for tool in qpdf pdfinfo pdftotext pdffonts; do
	if ! command -v "$tool" >/dev/null; then
		echo "FAIL test_packet.sh: needs $tool (apt-get install qpdf poppler-utils)"
		exit 1
	fi
done

text() {	# text FILE.pdf: its text as one line, so wrapped sentences match (warnings dropped)
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr '\n' ' ' | tr -s ' '
}

expect_info() {	# expect_info FILE.pdf KEY VALUE: pdfinfo's KEY is VALUE
	checks=$((checks + 1))
	local v
	v=$(pdfinfo "$1" 2>/dev/null | sed -n "s/^$2: *//p")
	[ "$v" = "$3" ] || fail "$(basename "$1"): $2 is '$v', expected '$3'"
}

expect_text() {	# expect_text FILE.pdf STRING
	checks=$((checks + 1))
	text "$1" | grep -qF -- "$2" || fail "$(basename "$1") lacks '$2'"
}

expect_no_text() {	# expect_no_text FILE.pdf STRING
	checks=$((checks + 1))
	! text "$1" | grep -qF -- "$2" || fail "$(basename "$1") has '$2'"
}

rm -f "$KPISTAT_DB"
"$KP" init >/dev/null
"$KP" catalog load samples/city/catalog.yaml >/dev/null
"$KP" import samples/city/measurements.csv --by "sample data" >/dev/null
expect_rc 0 "$KP" record permits.review_days 2026-10 4.7 --reason "commentary added" \
    --note "Back under 5 days: Bogotá and Medellín teams ≥ 92 % “on time” – as planned"
expect_rc 0 "$KP" record permits.issued 2026-10 327 --reason "commentary added" \
    --note "Outside the font: 😀 and 東京"

# The citywide packet.
P=$T/tulstat.pdf
expect_rc 0 "$KP" packet --program tulstat --period 2026-10 -o "$P" --meeting-date 2026-11-05
expect_out "wrote $P: 23 pages, 15 metrics"
run qpdf --check "$P"
checks=$((checks + 1))
[ "$rc" = 0 ] && grep -q "No syntax or stream encoding errors" "$T/out" || fail "qpdf --check"
expect_info "$P" Pages 23
checks=$((checks + 1))
[ "$(stat -c %a "$P")" = "$(printf '%o' $((0666 & ~0$(umask))))" ] || fail "the packet's mode ignores umask"
expect_info "$P" Title "RivStat briefing packet — October 2026"
expect_info "$P" Producer "kpistat 0.1.0"
expect_info "$P" "Page size" "612 x 792 pts (letter)"

# Every metric's name, the UTF-8 strings, the status words.
while IFS= read -r name; do
	expect_text "$P" "$name"
done <<'EOF'
Median building permit review time
Building permits reviewed within 5 days
Fire response time, 90th percentile
911 lift-assist calls
EMS response time, median
911 calls received
911 calls answered within 15 seconds
Priority 1 police response time, median
Open blight cases at month end
Average days to repair a reported pothole
Missed collections per 10,000 pick-ups
311 calls answered within 60 seconds
Park mowing cycle
Vendor invoices paid within 30 days
Budgeted positions vacant
EOF
for s in "Bogotá and Medellín teams ≥ 92 % “on time” – as planned" "Bogotá Ave" "Medellín St" \
    "91.4 % against a goal of ≥ 92 %" "“power shift”" "On target" "Off target" "Near target" \
    "No figure" "No target" "Open blight cases at month end above target in all 36 months on record" \
    "By district, October 2026" "Thursday 5 November 2026" "page 23 of 23" "Glossary of metrics" \
    "Missed the target two periods running or more" "Special cause, concern"; do
	expect_text "$P" "$s"
done

# Embedded, subset TrueType fonts.
run pdffonts "$P"
expect_out "+DejaVuSans,Book"
expect_out "+DejaVuSans-Bold,Bold"
checks=$((checks + 1))
[ "$(grep -c 'CID TrueType *Identity-H *yes yes yes' "$T/out")" = 2 ] || fail "fonts not embedded and subset"

# Bookmarks for every section and metric page; links from the table and the attention list.
run qpdf --json --json-key=outlines "$P"
for s in '"title": "At a glance"' '"title": "What changed and what needs attention"' \
    '"title": "Metric pages"' '"title": "Data notes"' '"title": "Next steps"' '"title": "Glossary of metrics"' \
    '"title": "911 lift-assist calls above target for 16 months running"'; do
	expect_out "$s"
done
checks=$((checks + 1))
[ "$(grep -c '"title"' "$T/out")" = 22 ] || fail "expected 22 bookmarks (a section each, with the next steps page, and 15 metrics), got $(grep -c '"title"' "$T/out")"
qpdf --qdf --object-streams=disable "$P" "$T/qdf.pdf"
checks=$((checks + 1))
[ "$(grep -c '/Subtype /Link' "$T/qdf.pdf")" -ge 30 ] || fail "expected links to the metric pages"

# A note the font cannot show is replaced visibly (U+FFFD), never dropped.
cat >"$T/issued.yaml" <<'EOF'
metrics: [permits.issued]
sections: [{ section: metric_pages }]
EOF
expect_rc 0 "$KP" packet --program tulstat --period 2026-10 -o "$T/issued.pdf" --template "$T/issued.yaml"
expect_text "$T/issued.pdf" "Outside the font: � and ��"

# Deterministic: SOURCE_DATE_EPOCH (set by lib.sh) or --deterministic give identical bytes.
expect_rc 0 "$KP" packet --program tulstat --period 2026-10 -o "$T/again.pdf" --meeting-date 2026-11-05
same_file "$P" "$T/again.pdf"
expect_rc 0 env -u SOURCE_DATE_EPOCH "$KP" packet --deterministic --program tulstat --period 2026-10 -o "$T/d1.pdf"
expect_rc 0 env -u SOURCE_DATE_EPOCH "$KP" --deterministic packet --program tulstat --period 2026-10 -o "$T/d2.pdf"
same_file "$T/d1.pdf" "$T/d2.pdf"
expect_info "$P" CreationDate "Mon Sep 21 14:13:20 2026 UTC"

# BlightStat: only the metrics needing attention get a page; district bars; A4 on request.
B=$T/blight.pdf
expect_rc 0 "$KP" packet --program blightstat --period 2026-10 -o "$B" --paper a4
expect_out "wrote $B: 11 pages, 8 metrics"
expect_info "$B" "Page size" "595.276 x 841.89 pts (A4)"
expect_text "$B" "By district, October 2026"
expect_text "$B" "Definitions"
run qpdf --check "$B"
expect_out "No syntax or stream encoding errors"

# A logo on the cover: a PNG beside the template; a file that only looks like one is refused.
echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' |
    base64 -d >"$T/logo.png"
printf 'logo: logo.png\nsections: [{ section: cover }]\n' >"$T/logo.yaml"
expect_rc 0 "$KP" packet --program blightstat --period 2026-10 -o "$T/logo.pdf" --template "$T/logo.yaml"
run pdfimages -list "$T/logo.pdf"
expect_out "image       1     1  rgb"
printf '\211PNG\r\n\032\nnot really a PNG' >"$T/logo.png"
expect_rc 65 "$KP" packet --program blightstat --period 2026-10 -o "$T/logo.pdf" --template "$T/logo.yaml"
expect_err "logo.png' is a damaged PNG image"

# The default output name, and writing to stdout.
(cd "$T" && "$KPISTAT" packet --program blightstat --period 2026-10 >/dev/null)
checks=$((checks + 1))
[ -s "$T/blightstat-2026-10.pdf" ] || fail "default output name"
run "$KP" packet --program blightstat --period 2026-10 -o -
checks=$((checks + 1))
head -c 5 "$T/out" | grep -q '%PDF-' || fail "-o - writes the PDF to stdout"

# A period with no figures at all: the packet says so instead of drawing empty charts.
expect_rc 0 "$KP" packet --program tulstat --period 2030-01 -o "$T/none.pdf"
expect_out "6 pages"
expect_text "$T/none.pdf" "No figures for January 2030"
expect_text "$T/none.pdf" "None of the 15 metrics of RivStat has a figure for January 2030"

# Data notes: what `kpistat compute` left out of computed figures (the sample's blight cases
# include one closed before it was opened, in February 2026), for the packet's metrics only,
# within their figures tables; no heading when there is nothing to note.
LEFT="record was left out of the figure because its closed date is earlier than its opened date."
expect_no_text "$P" "Data quality of computed figures"
R=$T/records.db
"$KP" --db "$R" init >/dev/null
"$KP" --db "$R" catalog load samples/city/catalog.yaml >/dev/null
expect_rc 0 "$KP" --db "$R" events import blight_cases samples/city/events/blight_cases.csv
expect_err "closed_on 2026-02-19 is before opened_on 2026-02-28"
expect_rc 0 "$KP" --db "$R" compute --metric blight.open_cases
expect_out "1 data-quality note"
expect_rc 0 "$KP" --db "$R" compute --metric blight.days_to_close
expect_out "1 data-quality note"
expect_rc 0 "$KP" --db "$R" packet --program recordstat --period 2026-10 -o "$T/records.pdf"
expect_out "wrote $T/records.pdf:"
expect_text "$T/records.pdf" "Data quality of computed figures"
expect_text "$T/records.pdf" "Open blight cases at month end (from case records) In February 2026, 1 $LEFT"
expect_text "$T/records.pdf" "Median days to close a blight case In February 2026, 1 $LEFT"
printf 'metrics: [blight.open_cases]\nsections: [{ section: data_notes }]\n' >"$T/open.yaml"
expect_rc 0 "$KP" --db "$R" packet --program recordstat --period 2026-10 -o "$T/open.pdf" \
    --template "$T/open.yaml"
expect_text "$T/open.pdf" "Open blight cases at month end (from case records) In February 2026, 1 $LEFT"
expect_no_text "$T/open.pdf" "Median days to close a blight case"
expect_rc 0 "$KP" --db "$R" packet --program recordstat --period 2026-01 -o "$T/jan.pdf"
expect_no_text "$T/jan.pdf" "Data quality of computed figures"
run qpdf --check "$T/records.pdf"
expect_out "No syntax or stream encoding errors"

# Bad input: each refused with its exit status, nothing written, an old packet left alone.
cp "$P" "$T/keep.pdf"
expect_rc 65 "$KP" packet --program nope --period 2026-10 -o "$T/keep.pdf"
expect_err "unknown program 'nope'"
cp samples/city/catalog.yaml samples/city/*.geojson "$T/"
mv "$T/catalog.yaml" "$T/cat.yaml"
echo "  - { code: empty, title: Empty, metrics: [] }" >>"$T/cat.yaml"
"$KP" catalog load "$T/cat.yaml" >/dev/null
expect_rc 65 "$KP" packet --program empty --period 2026-10 -o "$T/keep.pdf"
expect_err "program 'empty' has no metrics"
expect_rc 65 "$KP" packet --program tulstat --period 2026-13 -o "$T/keep.pdf"
expect_err "bad period '2026-13'"
expect_rc 64 "$KP" packet --program tulstat --period 2026-10 --meeting-date 2026-02-30
expect_err "bad meeting date '2026-02-30'"
expect_rc 64 "$KP" packet --program tulstat --period 2026-10 --paper legal
expect_err "bad paper 'legal'"
expect_rc 64 "$KP" packet --program tulstat
expect_err "--program and --period are required"
mkdir -p "$T/nofonts"
expect_rc 66 env KPISTAT_FONT_DIR="$T/nofonts" "$KP" packet --program tulstat --period 2026-10 -o "$T/keep.pdf"
expect_err "cannot read font '$T/nofonts/DejaVuSans.ttf'"
expect_err "fonts-dejavu-core"
expect_rc 73 "$KP" packet --program tulstat --period 2026-10 -o "$T/no/such/dir/p.pdf"
expect_err "kpistat: $T/no/such/dir/p.pdf: cannot create: No such file or directory"
cat >"$T/bad.yaml" <<'EOF'
paper: legal
metrics: [permits.review_days, no.such.metric]
sections:
  - section: coverr
  - section: metric_pages
    pages: some
EOF
expect_rc 65 "$KP" packet --program tulstat --period 2026-10 -o "$T/keep.pdf" --template "$T/bad.yaml"
expect_err "$T/bad.yaml:1:8: bad paper 'legal': expected letter or a4"
expect_err "$T/bad.yaml:4:14: unknown section 'coverr'"
expect_err "$T/bad.yaml:6:12: bad pages 'some'"
cat >"$T/bad2.yaml" <<'EOF'
metrics: [permits.review_days, no.such.metric]
sections: [{ section: cover }]
EOF
expect_rc 65 "$KP" packet --program tulstat --period 2026-10 -o "$T/keep.pdf" --template "$T/bad2.yaml"
expect_err "$T/bad2.yaml:1:32: unknown metric 'no.such.metric'"
same_file "$P" "$T/keep.pdf"
checks=$((checks + 1))
! ls "$T"/keep.pdf.* >/dev/null 2>&1 || fail "a temporary file was left behind"

# A memory check over one packet when valgrind is there and the binary is not ASan-built
# (make asan runs this whole script under AddressSanitizer instead).
if command -v valgrind >/dev/null && ! ldd "$KP" 2>/dev/null | grep -q asan; then
	expect_rc 0 valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	    "$KP" packet --program blightstat --period 2026-10 -o "$T/vg.pdf"
fi

# A missing template is missing input (66); an unknown option names itself.
expect_rc 66 "$KP" packet --program tulstat --period 2026-10 -o "$T/x.pdf" --template "$T/nope.yaml"
expect_err "nope.yaml"
expect_rc 64 "$KP" packet --nope
expect_err "unknown option '--nope' for 'packet'"
expect_rc 64 "$KP" packet --period
expect_err "option '--period' needs a value"

finish
