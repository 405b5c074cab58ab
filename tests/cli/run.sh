#!/usr/bin/env bash
# Run every CLI test script (tests/cli/test_*.sh) against the kpistat binary given as $1.
# Each script exits non-zero when any of its checks fails; this runner reports them all.
set -u
bin=${1:?usage: tests/cli/run.sh PATH/TO/kpistat}
KPISTAT=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export KPISTAT
cd "$(dirname "$0")/../.."
failed=0
for t in tests/cli/test_*.sh; do
	if ! bash "$t"; then
		failed=$((failed + 1))
	fi
done
if [ "$failed" -ne 0 ]; then
	echo "cli: $failed script(s) failed"
	exit 1
fi
echo "cli: all scripts passed"
