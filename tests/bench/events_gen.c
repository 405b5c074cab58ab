/*
** events_gen.c: synthetic raw records for the events benchmark, in the sample city's dataset
** layouts (samples/city/catalog.yaml: permits, calls911, blight_cases).
**
**   build/events_gen permits|calls911|blight_cases ROWS [SEED] > FILE.csv     (make bench)
**
** Deterministic: a splitmix64 stream seeded from SEED (default 42) and the dataset's name, so
** the same arguments give the same bytes on every machine. Records are spread evenly over the
** 60 months 2021-01 .. 2025-12 and written in the order a system of record exports them
** (by the date the record was created), keys ascending. About 1 in 2,000 blight cases is
** closed before it was opened, as real case systems do (a data-quality warning, not an error).
** Written in C because Python needs minutes for 5M rows, and the generator is not under test.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONTHS	60		/* 2021-01 .. 2025-12 */
#define DAY0	18628		/* 2021-01-01 as days since 1970-01-01 */
#define NDAYS	1826		/* days in 2021 .. 2025 */

static uint64_t rng;

static uint64_t
next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
uniform(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static int
pick(int n)
{
	return (int)(uniform() * n);
}

/* A lognormal draw with the given median and shape: review and case durations are skewed. */
static double
lognormal(double median, double sigma)
{
	double u1 = uniform(), u2 = uniform();

	if (u1 < 1e-300)
		u1 = 1e-300;
	return median * exp(sigma * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2));
}

/* Write day `days` (since 1970-01-01) as YYYY-MM-DD into buf (Hinnant's civil_from_days). */
static void
ymd(long days, char *buf)
{
	long z = days + 719468, era = z / 146097, doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)(yoe + era * 400 + (m <= 2)) % 10000;

	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
}

/* Seconds since 1970 as YYYY-MM-DDTHH:MM:SS. */
static void
ymdhms(long long secs, char *buf)
{
	long days = (long)(secs / 86400);
	int s = (int)(secs % 86400);

	ymd(days, buf);
	snprintf(buf + 10, 14, "T%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
}

/* The creation time of record i of n: even over the 60 months, in order. */
static long long
created(long i, long n)
{
	double t = ((double)i + uniform()) / (double)n * NDAYS * 86400.0;

	return (long long)DAY0 * 86400 + (long long)t;
}

static void
permits(long n)
{
	static const char *const types[] = { "Residential", "Residential", "Residential",
	    "Commercial", "Commercial", "Sign", "Demolition", "Electrical" };
	char a[32], b[32];

	puts("permit_id,type,district,submitted_at,decided_at,status");
	for (long i = 0; i < n; i++) {
		long long sub = created(i, n), dec;
		int pending = uniform() < 0.03;
		/* Office hours: push the submission into 08:00 .. 17:00 of its day. */
		sub = sub / 86400 * 86400 + 8 * 3600 + (sub % 86400) * 9 / 24;
		dec = sub + (long long)(lognormal(4.5, 0.7) * 86400);
		ymdhms(sub, a);
		if (pending)
			b[0] = '\0';
		else
			ymdhms(dec, b);
		printf("BP%08ld,%s,%d,%s,%s,%s\n", i + 1, types[pick(8)], pick(5) + 1, a, b,
		    pending ? "Pending" : uniform() < 0.06 ? "Denied" : "Approved");
	}
}

static void
calls911(long n)
{
	static const char *const types[] = { "MEDICAL", "MEDICAL", "MEDICAL", "TRAFFIC",
	    "DISTURBANCE", "FIRE ALARM", "LIFT ASSIST", "THEFT", "WELFARE CHECK", "STRUCTURE FIRE" };
	char a[32];

	puts("call_id,received_at,call_type,priority,district,answer_seconds");
	for (long i = 0; i < n; i++) {
		ymdhms(created(i, n), a);
		printf("C%09ld,%s,%s,%d,%d,%.1f\n", i + 1, a, types[pick(10)], pick(4) + 1,
		    pick(5) + 1, lognormal(6, 0.6));
	}
}

static void
blight_cases(long n)
{
	static const char *const hoods[] = { "Fairview", "Oak Hill", "Riverside", "Old Town",
	    "Bogotá Park", "Medellín Heights", "Eastgate", "Northfield", "Cedar Grove",
	    "Mill Creek", "Southport", "Harbor View" };
	static const char *const kinds[] = { "Overgrown lot", "Open structure", "Debris",
	    "Abandoned vehicle", "Graffiti" };
	char a[32], b[32];

	puts("case_id,opened_on,closed_on,neighbourhood,violation,district");
	for (long i = 0; i < n; i++) {
		long open = (long)(created(i, n) / 86400), close;
		double u = uniform();

		if (u < 0.0005)
			close = open - 1 - pick(20);	/* closed before opened: a data-entry slip */
		else
			close = open + (long)lognormal(45, 1.0);
		ymd(open, a);
		/* Still open: closes after the export (2025-12-31), or never (3 %). */
		if (close >= DAY0 + NDAYS || u > 0.97)
			b[0] = '\0';
		else
			ymd(close, b);
		printf("BC%08ld,%s,%s,%s,%s,%d\n", i + 1, a, b, hoods[pick(12)], kinds[pick(5)],
		    pick(5) + 1);
	}
}

int
main(int argc, char **argv)
{
	long n;
	uint64_t seed;

	if (argc < 3 || argc > 4) {
		fputs("usage: events_gen permits|calls911|blight_cases ROWS [SEED]\n", stderr);
		return 64;
	}
	n = strtol(argv[2], NULL, 10);
	seed = argc == 4 ? strtoull(argv[3], NULL, 10) : 42;
	rng = seed;
	for (const char *p = argv[1]; *p; p++)
		rng = rng * 31 + (unsigned char)*p;
	if (strcmp(argv[1], "permits") == 0)
		permits(n);
	else if (strcmp(argv[1], "calls911") == 0)
		calls911(n);
	else if (strcmp(argv[1], "blight_cases") == 0)
		blight_cases(n);
	else {
		fprintf(stderr, "events_gen: unknown dataset '%s'\n", argv[1]);
		return 64;
	}
	return 0;
}
