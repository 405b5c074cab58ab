-- The timed part of the plain-SQL peer (see events_sql.sql): every monthly measure of the
-- sample city, for the city and per district, written to /dev/null by the caller.

-- Median review days (decided - submitted) by month decided: per district, then city.
WITH x AS (SELECT dm, district, (d - s) / 86400.0 AS days FROM p WHERE d >= s),
r AS (SELECT dm, district, days,
             ROW_NUMBER() OVER (PARTITION BY dm, district ORDER BY days) AS rn,
             COUNT(*) OVER (PARTITION BY dm, district) AS n FROM x)
SELECT dm, district, avg(days) FROM r WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY dm, district;
WITH x AS (SELECT dm, (d - s) / 86400.0 AS days FROM p WHERE d >= s),
r AS (SELECT dm, days, ROW_NUMBER() OVER (PARTITION BY dm ORDER BY days) AS rn,
             COUNT(*) OVER (PARTITION BY dm) AS n FROM x)
SELECT dm, avg(days) FROM r WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY dm;

-- Share decided within 5 days, city.
SELECT dm, 100.0 * avg(d - s <= 5 * 86400) FROM p WHERE d >= s GROUP BY dm;

-- Lift-assist calls per month: per district and city.
SELECT rm, district, count(*) FROM c WHERE call_type = 'LIFT ASSIST' GROUP BY rm, district;
SELECT rm, count(*) FROM c WHERE call_type = 'LIFT ASSIST' GROUP BY rm;

-- Open cases at month end: running sums of opened (+1) and closed (-1) per month and district.
WITH ev AS (SELECT om AS m, district, 1 AS delta FROM b WHERE cl IS NULL OR cl >= o
            UNION ALL
            SELECT cm, district, -1 FROM b WHERE cl IS NOT NULL AND cl >= o),
g AS (SELECT m, district, sum(delta) AS delta FROM ev GROUP BY m, district)
SELECT m, district, sum(delta) OVER (PARTITION BY district ORDER BY m) FROM g;
WITH ev AS (SELECT om AS m, 1 AS delta FROM b WHERE cl IS NULL OR cl >= o
            UNION ALL
            SELECT cm, -1 FROM b WHERE cl IS NOT NULL AND cl >= o),
g AS (SELECT m, sum(delta) AS delta FROM ev GROUP BY m)
SELECT m, sum(delta) OVER (ORDER BY m) FROM g;
