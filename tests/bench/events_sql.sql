-- The sample city's four monthly measures in the best plain SQL we could write, for
-- tests/bench/events.sh: the peer kpistat's compute is measured against. Run by the sqlite3
-- shell on a database where the three CSVs were loaded with .import (untimed), then typed:
-- times as integer seconds and dates as integer days (no julianday() or strftime() per row in
-- the timed part), months precomputed as integers. Medians are window functions (ROW_NUMBER
-- over the ordered partition, the usual SQL idiom); open cases at month end are running sums
-- of +1 (opened) and -1 (closed) per month, the same trick kpistat uses.
--
-- Part 1 (setup, untimed): typed tables.
-- Part 2 (timed, in events_sql_run.sql): the measures, city and per district.

CREATE TABLE p AS
  SELECT permit_id, CAST(district AS INTEGER) AS district,
         unixepoch(submitted_at) AS s, unixepoch(decided_at) AS d,
         CAST(strftime('%Y', decided_at) AS INTEGER) * 12 + CAST(strftime('%m', decided_at) AS INTEGER) - 1 AS dm
    FROM permits_txt WHERE decided_at <> '';
CREATE TABLE c AS
  SELECT call_id, call_type, CAST(district AS INTEGER) AS district,
         CAST(strftime('%Y', received_at) AS INTEGER) * 12 + CAST(strftime('%m', received_at) AS INTEGER) - 1 AS rm
    FROM calls_txt;
CREATE TABLE b AS
  SELECT case_id, CAST(district AS INTEGER) AS district,
         CAST(julianday(opened_on) AS INTEGER) AS o,
         CASE WHEN closed_on = '' THEN NULL ELSE CAST(julianday(closed_on) AS INTEGER) END AS cl,
         CAST(strftime('%Y', opened_on) AS INTEGER) * 12 + CAST(strftime('%m', opened_on) AS INTEGER) - 1 AS om,
         CASE WHEN closed_on = '' THEN NULL ELSE
           CAST(strftime('%Y', closed_on) AS INTEGER) * 12 + CAST(strftime('%m', closed_on) AS INTEGER) - 1 END AS cm
    FROM cases_txt;
