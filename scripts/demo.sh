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
# run as root, PostgreSQL and wkhtmltopdf from the system's packages.
set -eu
ADDON=l10n_fr_hr_career_interview
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${DEMO_DB:-career_demo}
PORT=${PORT:-8069}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON
# Where a missing Odoo is installed, and found again by the next run (and by
# scripts/test.sh).
export ODOO_PREFIX=${ODOO_PREFIX:-$CACHE/odoo18}
CACHED_ODOO=$ODOO_PREFIX/bin/odoo

say() { printf '\n==> %s\n' "$*"; }

# PostgreSQL and wkhtmltopdf from the system's packages, when missing and
# run as root (elsewhere: say what to install).
system_packages() {
    local missing=()
    command -v pg_ctlcluster >/dev/null || command -v pg_ctl >/dev/null || pg_isready -q 2>/dev/null \
        || missing+=(postgresql)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "Missing: ${missing[*]}. Install them with your system's package manager, then run again." >&2
        [[ " ${missing[*]} " == *" postgresql "* ]] && exit 1
        return 0
    fi
    say "Installing ${missing[*]} (apt-get)"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

start_postgres() {
    pg_isready -q && return 0
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$version" ]; then
        say "Starting PostgreSQL $version"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    pg_isready -q || { echo "PostgreSQL does not answer." >&2; exit 1; }
    # Odoo connects as the current user: give it a role when run as root.
    if [ "$(id -u)" -eq 0 ] && ! psql -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
        su postgres -c "createuser -s $(whoami)" || true
    fi
}

# An Odoo 18 on PATH or ODOO_BIN; else the one installed by an earlier run;
# else install it now from ODOO_SOURCE (default: Odoo's 18.0 source archive).
find_or_install_odoo() {
    ODOO=${ODOO_BIN:-$(command -v odoo || command -v odoo-bin || true)}
    if [ -n "$ODOO" ]; then
        [ -z "${ODOO_SOURCE:-}" ] || echo "Odoo found ($ODOO): ODOO_SOURCE is not used."
        return 0
    fi
    if [ -x "$CACHED_ODOO" ]; then
        echo "Odoo installed by an earlier run: $CACHED_ODOO"
    else
        say "No Odoo 18 found: installing it into $ODOO_PREFIX (once; the next runs reuse it)"
        ODOO_BIN_DIR=$ODOO_PREFIX/bin ODOO_PATH_HINT=0 "$ROOT/scripts/install_odoo.sh"
    fi
    ODOO=$CACHED_ODOO
}

system_packages
start_postgres
find_or_install_odoo
echo "Odoo: $("$ODOO" --version 2>/dev/null) ($ODOO)"
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
