/*
** store_evlock.c: one events import at a time per store (see store_ev_int.h).
**
** An import no longer holds SQLite's write lock for its whole run (store_events.c writes its
** blocks in short transactions), so SQLite no longer keeps two imports apart: this lock does.
** It is an open-file-description lock (F_OFD_SETLK) on one byte of the store file far from
** SQLite's own lock bytes (which start at 1 GiB): unlike a POSIX record lock it is not dropped
** when some other descriptor of the file is closed, and closing ours does not drop SQLite's.
** The kernel lets go of it when the process dies, so a killed import never leaves it behind.
*/
#define _GNU_SOURCE	/* F_OFD_SETLK */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store_ev_int.h"

#define EVLOCK_BYTE	((off_t)1 << 30) + 4096	/* past SQLite's pending, reserved, shared bytes */

static int
try_lock(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = EVLOCK_BYTE;
	fl.l_len = 1;
	return fcntl(fd, F_OFD_SETLK, &fl);
}

int
ev_lock_take(struct store *st, struct kp_err *e)
{
	int fd = open(st->path, O_RDWR | O_CLOEXEC), secs = st_busy_seconds();
	struct timespec nap = { 0, 20 * 1000 * 1000 };

	if (fd < 0)
		return err_set(e, KP_IOERR, st->path, "cannot open the store to lock it for the "
		    "import: %s", strerror(errno));
	/* Waited for like SQLite's busy timeout: polled every 20 ms. */
	for (long waited = 0; try_lock(fd) < 0; waited += 20) {
		if ((errno != EAGAIN && errno != EACCES) || waited >= secs * 1000L) {
			int busy = errno == EAGAIN || errno == EACCES;

			close(fd);
			if (busy)
				return err_set(e, KP_IOERR, st->path, "cannot start the import: another "
				    "'kpistat events import' is running on this store; waited %d s: try "
				    "again when it is done (or set KPISTAT_BUSY_TIMEOUT to wait longer)",
				    secs);
			return err_set(e, KP_IOERR, st->path, "cannot lock the store for the import: "
			    "%s", strerror(errno));
		}
		nanosleep(&nap, NULL);
	}
	return fd;
}

void
ev_lock_drop(int fd)
{
	if (fd >= 0)
		close(fd);	/* an OFD lock goes with its descriptor */
}
