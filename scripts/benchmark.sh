#!/usr/bin/env bash
# Benchmark the daily scheduler on throwaway databases (not part of the tests).
#
#   scripts/benchmark.sh 1000 10000 50000
#
# For each N: a fresh database without demo data, N employees with histories,
# then the timings of scripts/benchmark_scheduler.py. The database is dropped,
# unless BENCH_KEEP=1: then it is kept, built and passed over (a second call
# measures again on it, each pass starting from a copy of the built state).
set -eu
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ODOO=${ODOO_BIN:-$(command -v odoo || command -v odoo-bin)}
WORK=$(mktemp -d)
mkdir -p "$WORK/addons" && ln -s "$ROOT" "$WORK/addons/$ADDON"
trap 'rm -rf "$WORK"' EXIT
for n in "${@:-1000}"; do
    db="${ADDON}_bench_$n"
    run="$db"
    if [ "${BENCH_KEEP:-0}" = 1 ] && psql -lqt | cut -d'|' -f1 | grep -qw "$db"; then
        run="${db}_run" && dropdb --if-exists "$run" && createdb -T "$db" "$run"
        "$ODOO" -d "$run" --addons-path="$WORK/addons" -u "$ADDON" --stop-after-init --log-level=warn
    else
        dropdb --if-exists "$db"
        "$ODOO" -d "$db" --addons-path="$WORK/addons" -i "$ADDON" --without-demo=all --stop-after-init --log-level=warn
        [ "${BENCH_KEEP:-0}" = 1 ] && BENCH_BUILD_ONLY=1 BENCH_N=$n "$ODOO" shell -d "$db" \
            --addons-path="$WORK/addons" --log-level=warn --no-http < "$ROOT/scripts/benchmark_scheduler.py" \
            && run="${db}_run" && dropdb --if-exists "$run" && createdb -T "$db" "$run"
    fi
    BENCH_N=$n "$ODOO" shell -d "$run" --addons-path="$WORK/addons" --log-level=warn --no-http \
        < "$ROOT/scripts/benchmark_scheduler.py" 2>&1 | grep -v "^Running as user"
    [ "${BENCH_KEEP:-0}" = 1 ] && [ "$run" != "$db" ] && dropdb "$run"
    [ "${BENCH_KEEP:-0}" = 1 ] || dropdb "$db"
done
