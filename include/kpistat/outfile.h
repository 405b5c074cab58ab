/*
** outfile: the one way a command writes a file the user named (-o FILE, --skip-bad FILE), so
** that a failed run never leaves half a file under that name nor replaces what is not a file.
**
**   FILE *fp = outfile_open(path, &of, e);   write to fp ...;   outfile_commit(of, e)  (or
**   outfile_abort(of) on any failure). Both free `of`; abort accepts NULL.
**
** What the name is decides how it is written:
**   "-"                 standard output (never closed; write errors reported at commit)
**   a symbolic link     followed: its target is written, the link is kept
**   a regular file, or  a temporary file beside the (final) target, flushed, fsync'ed and
**   nothing yet         renamed over it at commit: the old file stays whole until then. The
**                       new file keeps the old one's mode (and owner, when allowed), else
**                       0666 less the umask.
**   anything else       (a device, a FIFO, /dev/stdout, /proc/self/fd/N) written in place:
**                       it cannot be replaced, and write or close errors are reported.
** Errors: KP_CANTCREAT when the file cannot be made, KP_IOERR when it cannot be written (a
** full disk is said in plain words), always naming the path as given.
*/
#ifndef KPISTAT_OUTFILE_H
#define KPISTAT_OUTFILE_H

#include <stdio.h>

#include "kpistat/err.h"

struct outfile;

FILE	*outfile_open(const char *path, struct outfile **of, struct kp_err *e);
int	 outfile_commit(struct outfile *of, struct kp_err *e);
void	 outfile_abort(struct outfile *of);

/* The name as the user gave it ("standard output" for "-"), for messages. */
const char *outfile_name(const struct outfile *of);

#endif
