/*
** outfile.c: writing a file the user named, atomically where the name is a file (see outfile.h).
*/
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kpistat/outfile.h"
#include "kpistat/xmalloc.h"

enum outfile_kind {
	OUT_STDOUT,		/* "-" */
	OUT_IN_PLACE,		/* a device, FIFO, terminal, /proc/self/fd/N: written as it is */
	OUT_REPLACE		/* a regular file or a new name: temporary file, then rename */
};

struct outfile {
	enum outfile_kind	 kind;
	FILE			*fp;
	char			*name;		/* as the user gave it, for messages */
	char			*target;	/* OUT_REPLACE: the file renamed over (links followed) */
	char			*tmp;		/* OUT_REPLACE: the temporary file beside it */
};

/*
** Follow `path`'s symbolic links to the name that is really written, even when the last one
** dangles (the link is kept and its target created). Sets *magic when the chain enters /proc,
** whose links (/dev/stdout -> /proc/self/fd/1 -> "pipe:[..]") name open files, not paths.
*/
static char *
follow_links(const char *path, int *magic)
{
	char *cur = xstrdup(path), link[PATH_MAX];

	*magic = 0;
	for (int hops = 0; hops < 40; hops++) {
		struct stat sb;
		ssize_t n;
		char *slash, *next;

		if (strncmp(cur, "/proc/", 6) == 0) {
			*magic = 1;
			break;
		}
		if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode))
			break;
		if ((n = readlink(cur, link, sizeof link - 1)) < 0)
			break;
		link[n] = '\0';
		if (link[0] == '/' || (slash = strrchr(cur, '/')) == NULL)
			next = xstrdup(link);
		else
			next = xasprintf("%.*s/%s", (int)(slash - cur), cur, link);
		free(cur);
		cur = next;
	}
	return cur;
}

/* Plain words for why a write failed: a full disk is the usual cause and is not corruption. */
static int
write_error(const struct outfile *of, int errnum, struct kp_err *e)
{
	if (errnum == ENOSPC || errnum == EFBIG || errnum == EDQUOT)
		return err_set(e, KP_IOERR, of->name, "cannot write: the disk is full (or the file "
		    "size limit was reached)%s", of->kind == OUT_REPLACE ? "; the file was left as "
		    "it was" : "");
	return err_set(e, KP_IOERR, of->name, "cannot write: %s", strerror(errnum ? errnum : EIO));
}

static void
outfile_free(struct outfile *of)
{
	free(of->name);
	free(of->target);
	free(of->tmp);
	free(of);
}

static FILE *
open_replace(struct outfile *of, struct kp_err *e)
{
	const char *slash = strrchr(of->target, '/');
	struct stat sb;
	mode_t mask;
	int fd;

	if (slash == NULL)
		of->tmp = xasprintf(".%s.XXXXXX", of->target);
	else
		of->tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - of->target), of->target,
		    slash + 1);
	/* The file's own permission still decides, as if it were opened for writing. */
	if (access(of->target, F_OK) == 0 && access(of->target, W_OK) != 0) {
		err_set(e, KP_CANTCREAT, of->name, "cannot write: %s", strerror(errno));
		return NULL;
	}
	if ((fd = mkstemp(of->tmp)) < 0) {
		int err = errno;

		if (access(of->target, F_OK) == 0 && (err == EACCES || err == EPERM))
			err_set(e, KP_CANTCREAT, of->name, "cannot create a temporary file beside it "
			    "(%s): the file is replaced whole, so its directory must be writable",
			    strerror(err));
		else
			err_set(e, KP_CANTCREAT, of->name, "cannot create: %s", strerror(err));
		free(of->tmp);
		of->tmp = NULL;
		return NULL;
	}
	/* mkstemp makes the file 0600; an output is meant to be read as the old one was. */
	if (stat(of->target, &sb) == 0) {
		if (fchown(fd, sb.st_uid, sb.st_gid) != 0) {
			/* not allowed (not root): the file becomes ours, as a new one would */
		}
		fchmod(fd, sb.st_mode & 07777);
	} else {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if ((of->fp = fdopen(fd, "wb")) == NULL) {
		err_set(e, KP_CANTCREAT, of->name, "cannot create: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	return of->fp;
}

FILE *
outfile_open(const char *path, struct outfile **out, struct kp_err *e)
{
	struct outfile *of = xcalloc(1, sizeof *of);
	struct stat sb;
	int magic;

	*out = NULL;
	if (strcmp(path, "-") == 0) {
		of->kind = OUT_STDOUT;
		of->name = xstrdup("standard output");
		of->fp = stdout;
		*out = of;
		return of->fp;
	}
	of->name = xstrdup(path);
	of->target = follow_links(path, &magic);
	if (magic || (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))) {
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			err_set(e, KP_CANTCREAT, of->name, "cannot create: is a directory");
			outfile_free(of);
			return NULL;
		}
		of->kind = OUT_IN_PLACE;
		if ((of->fp = fopen(path, "wb")) == NULL) {
			err_set(e, KP_CANTCREAT, of->name, "cannot create: %s", strerror(errno));
			outfile_free(of);
			return NULL;
		}
	} else {
		of->kind = OUT_REPLACE;
		if (open_replace(of, e) == NULL) {
			outfile_abort(of);
			return NULL;
		}
	}
	*out = of;
	return of->fp;
}

/* Make the rename itself durable: the directory entry lives in the directory's blocks. */
static void
sync_dir(const char *target)
{
	const char *slash = strrchr(target, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == target ? xstrdup("/") :
	    xstrndup(target, (size_t)(slash - target));
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		(void)fsync(fd);	/* some file systems refuse; the data itself is synced */
		close(fd);
	}
	free(dir);
}

int
outfile_commit(struct outfile *of, struct kp_err *e)
{
	int rc = 0;

	errno = 0;
	switch (of->kind) {
	case OUT_STDOUT:
		if (fflush(stdout) != 0 || ferror(stdout))
			rc = write_error(of, errno, e);
		break;
	case OUT_IN_PLACE:
		if (fflush(of->fp) != 0 || ferror(of->fp)) {
			rc = write_error(of, errno, e);
			fclose(of->fp);
		} else if (fclose(of->fp) != 0) {
			rc = write_error(of, errno, e);
		}
		of->fp = NULL;
		break;
	case OUT_REPLACE:
		if (fflush(of->fp) != 0 || ferror(of->fp) || fsync(fileno(of->fp)) != 0) {
			rc = write_error(of, errno, e);
			fclose(of->fp);
		} else if (fclose(of->fp) != 0) {
			rc = write_error(of, errno, e);
		}
		of->fp = NULL;
		if (rc == 0 && rename(of->tmp, of->target) != 0)
			rc = err_set(e, KP_CANTCREAT, of->name, "cannot create: %s", strerror(errno));
		if (rc == 0) {
			sync_dir(of->target);
			free(of->tmp);
			of->tmp = NULL;
		}
		break;
	}
	outfile_abort(of);
	return rc;
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (of->fp != NULL && of->kind != OUT_STDOUT)
		fclose(of->fp);
	if (of->tmp != NULL)
		unlink(of->tmp);
	outfile_free(of);
}

const char *
outfile_name(const struct outfile *of)
{
	return of->name;
}
