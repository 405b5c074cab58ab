/*
** store_lock.c: how long a command waits for another writer, and who that writer is.
**
** SQLite's locks are POSIX record locks: in WAL mode the write lock is byte 120 of STORE-shm,
** in rollback mode (a store an older kpistat left so) the reserved and pending bytes of STORE
** itself. Linux lists them in /proc/locks with the holder's pid, so when the wait expires the
** message can name the process ("pid 4242: kpistat import big.csv") instead of "database is
** locked". Elsewhere, or when the holder is gone by then, the message just says another process.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kpistat/xmalloc.h"
#include "store_int.h"

#define BUSY_DEFAULT_S	30	/* long enough for a large import's commit, short for a person */

int
st_busy_seconds(void)
{
	const char *env = getenv("KPISTAT_BUSY_TIMEOUT");
	char *end;
	long v;

	if (env == NULL || *env == '\0')
		return BUSY_DEFAULT_S;
	v = strtol(env, &end, 10);
	return *end == '\0' && v >= 0 && v <= 86400 ? (int)v : BUSY_DEFAULT_S;
}

/* The pid holding a write lock on `file` (not ours), or 0. */
static long
write_locker(const char *file)
{
	char line[256], want[64];
	struct stat sb;
	long pid = 0, p;
	FILE *fp;

	if (stat(file, &sb) != 0 || (fp = fopen("/proc/locks", "r")) == NULL)
		return 0;
	snprintf(want, sizeof want, "%02x:%02x:%lu", major(sb.st_dev), minor(sb.st_dev),
	    (unsigned long)sb.st_ino);
	while (pid == 0 && fgets(line, sizeof line, fp) != NULL) {
		char type[16], dev[64];

		/* "1: POSIX  ADVISORY  WRITE 4242 fe:00:1234 120 120"; "1: -> ..." are waiters */
		if (strstr(line, "->") != NULL ||
		    sscanf(line, "%*s %*s %*s %15s %ld %63s", type, &p, dev) != 3)
			continue;
		if (strcmp(type, "WRITE") == 0 && strcmp(dev, want) == 0 && p != (long)getpid())
			pid = p;
	}
	fclose(fp);
	return pid;
}

/* "4242: kpistat import big.csv" from /proc/PID/cmdline (arguments joined by spaces). */
static void
describe(long pid, char *buf, size_t n)
{
	char path[64], cmd[200];
	size_t len = 0;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
	if ((fp = fopen(path, "r")) != NULL) {
		len = fread(cmd, 1, sizeof cmd - 1, fp);
		fclose(fp);
	}
	while (len > 0 && cmd[len - 1] == '\0')
		len--;
	cmd[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	if (len > 0) {
		char *slash, *sp = strchr(cmd, ' ');

		/* the program's base name: "/usr/local/bin/kpistat import" -> "kpistat import" */
		*(sp ? sp : cmd + len) = '\0';
		slash = strrchr(cmd, '/');
		if (sp)
			*sp = ' ';
		snprintf(buf, n, "pid %ld: %s", pid, slash ? slash + 1 : cmd);
	} else {
		snprintf(buf, n, "pid %ld", pid);
	}
}

int
st_busy_err(struct store *st, struct kp_err *e, const char *doing)
{
	char *shm = xasprintf("%s-shm", st->path), who[256];
	long pid = write_locker(shm);
	int secs = st_busy_seconds();

	free(shm);
	if (pid == 0)
		pid = write_locker(st->path);
	if (pid == 0)
		return err_set(e, KP_IOERR, st->path, "%s: another process is writing to the store; "
		    "waited %d s: try again when it is done (or set KPISTAT_BUSY_TIMEOUT to wait "
		    "longer)", doing, secs);
	describe(pid, who, sizeof who);
	return err_set(e, KP_IOERR, st->path, "%s: another %sprocess is writing to the store "
	    "(%s); waited %d s: try again when it is done (or set KPISTAT_BUSY_TIMEOUT to wait "
	    "longer)", doing, strstr(who, ": kpistat") ? "kpistat " : "", who, secs);
}
