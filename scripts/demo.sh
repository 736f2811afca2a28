#!/usr/bin/env bash
# Start an Odoo 18 server on a demo database with this addon and its demo
# data installed (French loaded), after one run of the daily career
# scheduler, then print the URL and the logins.
#
#   scripts/demo.sh              database "career_demo", port 8069
#   DEMO_DB=x PORT=8070 scripts/demo.sh
#   scripts/demo.sh --reset      drop the demo database first
#
# Without an Odoo 18 on PATH (or ODOO_BIN), it installs one first into this
# project's cache, from ODOO_SOURCE (Odoo's official 18.0 source archive by
# default; a local source tree, archive or git checkout works too), and,
# run as root on Debian/Ubuntu, what it needs from the system's packages
# (Python's venv, PostgreSQL, wkhtmltopdf, Chromium, fonts): see
# scripts/bootstrap_odoo.sh, shared with scripts/test.sh.
set -eu
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${DEMO_DB:-career_demo}
PORT=${PORT:-8069}
say() { printf '\n==> %s\n' "$*"; }

# The system's packages, PostgreSQL and Odoo, found or installed as
# scripts/test.sh does (scripts/bootstrap_odoo.sh).
# shellcheck source=scripts/bootstrap_odoo.sh
. "$ROOT/scripts/bootstrap_odoo.sh" || exit 1
bootstrap_system_packages || exit 1
bootstrap_postgres || exit 1
bootstrap_odoo || exit 1
[ "${1:-}" = "--reset" ] && dropdb --if-exists "$DB"

# Odoo finds an addon by its directory name: give the checkout that name.
ADDONS=${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/addons
mkdir -p "$ADDONS"
ln -sfn "$ROOT" "$ADDONS/$ADDON"
ADDONS_PATH="$ADDONS${ODOO_ADDONS_PATH:+,$ODOO_ADDONS_PATH}"

# Run "$@" in the background and say every 10 s that it still runs: an
# install is silent for a minute or two at --log-level=warn.
with_progress() {
    local label=$1 pid ticker status=0
    shift
    "$@" &
    pid=$!
    (
        elapsed=0
        while sleep 10; do
            elapsed=$((elapsed + 10))
            printf '    %s... %d s\n' "$label" "$elapsed"
        done
    ) &
    ticker=$!
    wait "$pid" || status=$?
    kill "$ticker" 2>/dev/null || true
    wait "$ticker" 2>/dev/null || true
    return "$status"
}

# The demo's reports are rendered while no server runs (no stylesheet to
# fetch): wkhtmltopdf's warning about it is expected, not shown.
QUIET_REPORTS=--log-handler=odoo.addons.base.models.ir_actions_report:ERROR
if psql -lqt | cut -d '|' -f 1 | grep -qw "$DB"; then
    say "Updating $ADDON in the database $DB"
    with_progress "update" "$ODOO" -d "$DB" --addons-path="$ADDONS_PATH" -u "$ADDON" --stop-after-init \
        --log-level=warn "$QUIET_REPORTS"
else
    say "Creating the database $DB: Odoo, $ADDON, its demo data and French (a minute or two)"
    with_progress "installation" "$ODOO" -d "$DB" --addons-path="$ADDONS_PATH" -i "$ADDON" --load-language=fr_FR \
        --stop-after-init --log-level=warn "$QUIET_REPORTS"
    # A French company: every contact reads French (users, employees' work
    # contacts, hence the reports and e-mails sent to them).
    psql -q -d "$DB" -c "UPDATE res_partner SET lang = 'fr_FR'"
fi

# The daily scheduler's first run, now rather than a minute after the server
# starts: the interviews it plans and the managers' activities are there on
# the first screen. It goes on daily from there (ir.cron).
say "Running the daily career scheduler once"
"$ODOO" shell -d "$DB" --addons-path="$ADDONS_PATH" --no-http --log-level=warn <<'PYTHON'
scheduler = env["hr.career.scheduler"]
for _batch in range(1000):  # batches of 1 000 employees, as the cron runs them
    remaining = scheduler._cron_run()
    env.cr.commit()
    if not remaining:
        break
planned = env["hr.career.interview"].search_count([("is_automatic", "=", True), ("state", "=", "to_plan")])
print(f"    done: {planned} interviews to plan, with their activities")
PYTHON

cat <<INFO

  Odoo with l10n_fr_hr_career_interview: http://localhost:$PORT/odoo?db=$DB
  Logins (password = login), in French:
    admin    / admin     Mitchell Admin, HR: career interviews administrator
    manager  / manager   Bernard Lefèvre, head of the workshop (11 people), no HR rights
    employee / employee  Nicolas Chevalier, in Bernard's team, an internal user
    portal   / portal    Sandrine Faure, warehouse, portal only: /my/career-interviews
    cse      / cse       Claire Dubois, staff representative: the CSE figures only
  Employees > Career Interviews (README, "Demo server"). Stop with Ctrl-C.

INFO
exec "$ODOO" -d "$DB" --addons-path="$ADDONS_PATH" --db-filter="^$DB\$" --http-port="$PORT"
