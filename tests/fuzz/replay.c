/*
** replay.c: a main() for the harnesses without libFuzzer, so that any compiler's build
** replays the inputs kept in tests/fuzz/regress/HARNESS/ (and the seed corpus) in make check.
**
**   build/fuzz_csv_replay FILE|DIR...    every file given, and every file in each directory
**
** Exits 0 when every input ran; a failing property or a sanitizer aborts, naming no input, so
** each input's name is printed first when FUZZ_VERBOSE is set.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: cannot read '%s'\n", path);
		if (fp)
			fclose(fp);
		return -1;
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fprintf(stderr, "replay: cannot read '%s'\n", path);
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int bad = 0, n = 0;

	for (int i = 1; i < argc; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *de;

		if (stat(argv[i], &sb) != 0) {
			continue;	/* a harness with no regress inputs yet */
		} else if (!S_ISDIR(sb.st_mode)) {
			bad |= run_file(argv[i]) < 0;
			n++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[i], de->d_name);
			bad |= run_file(path) < 0;
			n++;
		}
		closedir(d);
	}
	printf("%s: %d inputs replayed\n", argv[0], n);
	return bad;
}
