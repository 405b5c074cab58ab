/*
** faultvfs.c: an SQLite VFS that fails the Nth write, sync or truncate, linked only into the
** test binary build/kpistat-faults (make check), never into kpistat itself.
**
**   KPISTAT_FAULT=N:full|ioerr   the Nth xWrite/xSync/xTruncate on any file of the store
**                                (database, journal, WAL) and every one after it fail with
**                                SQLITE_FULL or SQLITE_IOERR_WRITE/FSYNC/TRUNCATE, as a disk
**                                that filled up or went bad stays so
**   KPISTAT_FAULT=N:read         the Nth xRead and every one after it fail (SQLITE_IOERR_READ)
**   KPISTAT_FAULT_COUNT=FILE     at exit, write how many such calls the run made (a run
**                                without KPISTAT_FAULT gives the number of fault points;
**                                KPISTAT_FAULT=0:read counts reads instead)
**
** It wraps the default VFS and registers itself as the default from a constructor, before
** main() opens the store. tests/cli/test_faults.sh drives it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

struct ffile {
	sqlite3_file	 base;		/* our methods */
	sqlite3_file	*real;		/* the wrapped file, allocated right after this struct */
};

static sqlite3_vfs *orig;	/* the default VFS we wrap */
static long calls;		/* writes, syncs and truncates so far */
static long fail_at;		/* 1-based call that fails first; 0 = never */
static int fail_rc;		/* SQLITE_FULL or SQLITE_IOERR */
static int on_reads;		/* count and fail reads instead of writes */
static const char *count_file;

/* 0 to go on, else the error this call returns. */
static int
fault(int ioerr)
{
	calls++;
	if (fail_at == 0 || calls < fail_at)
		return 0;
	return fail_rc == SQLITE_FULL ? SQLITE_FULL : ioerr;
}

#define REAL(f)	(((struct ffile *)(f))->real)

static int
f_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;

	return rc;
}
static int
f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
	int rc = on_reads ? fault(SQLITE_IOERR_READ) : 0;

	return rc ? rc : REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int
f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
	int rc = on_reads ? 0 : fault(SQLITE_IOERR_WRITE);

	return rc ? rc : REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	int rc = on_reads ? 0 : fault(SQLITE_IOERR_TRUNCATE);

	return rc ? rc : REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int
f_sync(sqlite3_file *f, int flags)
{
	int rc = on_reads ? 0 : fault(SQLITE_IOERR_FSYNC);

	return rc ? rc : REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int
f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int
f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int
f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int
f_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int
f_fcntl(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int
f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int
f_devchar(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int
f_shmmap(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int
f_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void
f_shmbarrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int
f_shmunmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int
f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int
f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods methods = {
	3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_reserved,
	f_fcntl, f_sector, f_devchar, f_shmmap, f_shmlock, f_shmbarrier, f_shmunmap, f_fetch,
	f_unfetch
};

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
	struct ffile *ff = (struct ffile *)file;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	memset(ff->real, 0, (size_t)orig->szOsFile);
	rc = orig->xOpen(orig, name, ff->real, flags, out);
	/* The wrapper is closed through our methods even when the open failed half-way. */
	file->pMethods = ff->real->pMethods ? &methods : NULL;
	return rc;
}
static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	return orig->xDelete(orig, name, sync);
}
static int
v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return orig->xAccess(orig, name, flags, out);
}
static int
v_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return orig->xFullPathname(orig, name, n, out);
}
static void *
v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return orig->xDlOpen(orig, name);
}
static void
v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	orig->xDlError(orig, n, msg);
}
static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return orig->xDlSym(orig, h, sym);
}
static void
v_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	orig->xDlClose(orig, h);
}
static int
v_random(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xRandomness(orig, n, out);
}
static int
v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return orig->xSleep(orig, us);
}
static int
v_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return orig->xCurrentTime(orig, out);
}
static int
v_lasterr(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xGetLastError(orig, n, out);
}
static int
v_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return orig->xCurrentTimeInt64(orig, out);
}

static sqlite3_vfs fvfs = {
	2, 0, 1024, NULL, "faultvfs", NULL, v_open, v_delete, v_access, v_fullpath, v_dlopen,
	v_dlerror, v_dlsym, v_dlclose, v_random, v_sleep, v_time, v_lasterr, v_time64,
	NULL, NULL, NULL
};

static void
write_count(void)
{
	FILE *fp = fopen(count_file, "w");

	if (fp != NULL) {
		fprintf(fp, "%ld\n", calls);
		fclose(fp);
	}
}

__attribute__((constructor)) static void
faultvfs_install(void)
{
	const char *spec = getenv("KPISTAT_FAULT");
	char kind[16] = "";

	if (spec != NULL && sscanf(spec, "%ld:%15s", &fail_at, kind) == 2) {
		fail_rc = strcmp(kind, "full") == 0 ? SQLITE_FULL : SQLITE_IOERR;
		on_reads = strcmp(kind, "read") == 0;
	}
	if ((count_file = getenv("KPISTAT_FAULT_COUNT")) != NULL)
		atexit(write_count);
	orig = sqlite3_vfs_find(NULL);
	fvfs.szOsFile = (int)sizeof(struct ffile) + orig->szOsFile;
	fvfs.mxPathname = orig->mxPathname;
	sqlite3_vfs_register(&fvfs, 1);
}
