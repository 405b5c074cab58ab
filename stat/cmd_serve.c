/*
** cmd_serve.c: `kpistat serve`: the web pages on the store (web.h does the work).
*/
#include <getopt.h>
#include <stdio.h>

#include "kpistat/cmd.h"
#include "kpistat/web.h"

static const char serve_help[] =
    "Serve the web pages where department users enter their figures and commentary for the\n"
    "open data call and update their follow-ups, the office follows the data call and\n"
    "enters or corrects any department's figures, and viewers read the status table.\n"
    "Users come from 'kpistat user'. Stop with Ctrl-C or SIGTERM: requests in flight\n"
    "finish first. One line per request goes to stderr.\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0: any free one).\n"
    "                      Keep it on loopback and put nginx or Caddy in front for TLS.\n"
    "  --base-url URL      the address people use, e.g. https://stat.example.gov; with\n"
    "                      https the session cookie is marked Secure\n";

int
cmd_serve(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "listen", required_argument, NULL, 'l' },
		{ "base-url", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct web_opts o = { NULL, "127.0.0.1:8080", NULL };
	struct kp_err e;
	int c;

	cmd_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': ctx->db_path = optarg; break;
		case 'l': o.listen = optarg; break;
		case 'u': o.base_url = optarg; break;
		case 'h':
			cmd_usage(stdout, "serve", serve_help);
			return KP_OK;
		default:
			return cmd_bad_option(ctx, "serve", c, argv);
		}
	}
	if (argc - optind != 0)
		return cmd_usage_error(ctx, "serve", "unexpected argument '%s'", argv[optind]);
	o.db_path = ctx->db_path;
	err_clear(&e);
	if (web_serve(&o, &e) < 0) {
		if (e.code == KP_USAGE) {
			err_print(&e, ctx->prog);
			cmd_usage(stderr, "serve", NULL);
			return KP_USAGE;
		}
		return cmd_fail(ctx, &e);
	}
	return KP_OK;
}
