#!/usr/bin/python3
"""Rewrite the README's command table and the man page's SYNOPSIS from the command table.

A developer's tool, run after changing a usage line in stat/main.c (`make usage-docs`);
tests/cli/test_docs.sh checks that the three agree. Descriptions already in the README are kept;
a new sub-command takes its description from NEW below, else from `kpistat help`.
"""
import re
import subprocess
import sys

BIN = sys.argv[1] if len(sys.argv) > 1 else "./kpistat"

NEW = {
    "call open": "open a program period's data call with a due date (again: harmless; a new due date is kept as a change)",
    "call status": "every department of the program: figures in, submitted / partial / missing, late, off target without commentary, stale computed figures; CSV and JSON for a mail merge",
    "call close": "end the data call",
    "comment METRIC": "the department's commentary on a figure; earlier versions are kept; `--reason` after a lock",
    "comment --history": "a metric's commentary, every version with who and when",
    "lock --program": "freeze a program period's figures; refused while an off-target figure has no commentary (unless `--force`)",
    "lock list": "the locks, newest first",
    "meeting add": "a program's Stat session for a period: date, time, place, chair, attendees, notes",
    "meeting agenda": "add an agenda item, with minutes and the metric it concerns",
    "meeting decide": "record a decision (or a data request) and who made it",
    "meeting list": "every meeting, by date",
    "meeting show": "one meeting: agenda, decisions, follow-ups",
    "action add": "a follow-up: one accountable owner, a due date, one of CitiStat's eight deliverable types",
    "action update": "move a follow-up on: done needs evidence, dropped a note, a new due date a plan",
    "action list": "the follow-ups in tracker order (overdue first) with their CitiStat colours",
    "action show": "one follow-up with its whole history",
    "events list": "what each dataset holds",
    "packet list": "the published packets: program, period, SHA-256, when, by whom",
    "memo": "the follow-up memo of a meeting (PDF), sent the day after the session",
}


def usages():
    out = subprocess.run([BIN, "help"], capture_output=True, text=True, check=True).stdout
    block = out.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    for line in block.splitlines():
        m = re.match(r"  ([a-z]+) +(.*)", line)
        if not m:
            continue
        name, short = m.group(1), m.group(2)
        u = subprocess.run([BIN, "help", name], capture_output=True, text=True).stdout
        usage = u.splitlines()[0][len("usage: kpistat "):]
        parts = usage.split(" | " + name + " ")
        parts = [parts[0]] + [name + " " + p for p in parts[1:]]
        for p in parts:
            yield name, p, short


def key(part):
    w = part.split()
    return " ".join(w[:2]) if len(w) > 1 else w[0]


def md(part):
    return part.replace("|", "\\|")


def roff(part):
    return "\\fBkpistat\\fP " + part.replace("\\", "\\\\").replace("-", "\\-")


def sync_readme():
    text = open("README.md").read()
    head = "| command | what it does |\n|---|---|\n"
    i = text.index(head) + len(head)
    j = text.index("\n\n", i)
    old = {}
    for row in text[i:j].splitlines():
        m = re.match(r"\| `(.*?)` \| (.*) \|$", row)
        if m:
            old[key(m.group(1).replace("\\|", "|"))] = m.group(2)
    rows = []
    for name, part, short in usages():
        k = key(part)
        desc = old.get(k) or NEW.get(k) or NEW.get(name) or short
        rows.append("| `%s` | %s |" % (md(part), desc))
    open("README.md", "w").write(text[:i] + "\n".join(rows) + text[j:])


def sync_man():
    text = open("kpistat.1").read()
    start = text.index(".B \\-\\-help\n.PP\n") + len(".B \\-\\-help\n.PP\n")
    end = text.index(".SH DESCRIPTION")
    lines = []
    for _, part, _ in usages():
        lines += [roff(part), ".br"]
    open("kpistat.1", "w").write(text[:start] + "\n".join(lines[:-1]) + "\n" + text[end:])


sync_readme()
sync_man()
