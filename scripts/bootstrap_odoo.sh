# shellcheck shell=bash
# What scripts/demo.sh and scripts/test.sh both need before they start: the
# system's packages, a PostgreSQL that answers, and an Odoo 18. Sourced by
# both, so that they find or install the same Odoo, in the same place, with
# the same messages:
#
#   bootstrap_system_packages   Python with venv, PostgreSQL, wkhtmltopdf,
#                               Chromium, fonts: installed with apt-get when
#                               missing and run as root on Debian/Ubuntu;
#                               otherwise the exact command to run is printed
#   bootstrap_postgres          a PostgreSQL that answers (started if needed,
#                               PGPORT set to its port), with a role for us
#   bootstrap_odoo              ODOO: `odoo`/`odoo-bin` on PATH or ODOO_BIN;
#                               else the one installed by an earlier run in
#                               $ODOO_PREFIX; else installed there now from
#                               ODOO_SOURCE (scripts/install_odoo.sh)
#
# Each returns non-zero, after saying why, when it cannot do its part.
# Environment: ODOO_BIN, ODOO_SOURCE, ODOO_PREFIX (default: the project's
# cache, $XDG_CACHE_HOME or ~/.cache, then l10n_fr_hr_career_interview/odoo18),
# PYTHON (the interpreter for Odoo's virtualenv), PGHOST/PGPORT.

BOOTSTRAP_ADDON=l10n_fr_hr_career_interview
BOOTSTRAP_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export ODOO_PREFIX=${ODOO_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/$BOOTSTRAP_ADDON/odoo18}
BOOTSTRAP_CACHED_ODOO=$ODOO_PREFIX/bin/odoo

bootstrap_say() { printf '\n==> %s\n' "$*"; }

# The interpreter for Odoo's virtualenv: the system's own (/usr/bin) before
# any other on PATH (pyenv shims...), 3.11 first.
bootstrap_python() {
    local v
    for v in 3.11 3.12 3.10; do
        [ -x "/usr/bin/python$v" ] && { echo "/usr/bin/python$v"; return; }
    done
    command -v python3.11 || command -v python3.12 || command -v python3.10 || true
}

bootstrap_is_installed() {  # debian-package
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

bootstrap_has_chrome() {
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || command -v google-chrome-stable >/dev/null
}

# What is missing, as Debian/Ubuntu package names, in BOOTSTRAP_MISSING; the
# ones nothing can run without in BOOTSTRAP_REQUIRED.
bootstrap_missing() {
    BOOTSTRAP_MISSING=()
    BOOTSTRAP_REQUIRED=()
    local python=${PYTHON:-$(bootstrap_python)}
    # Python for Odoo's virtualenv (venv needs ensurepip, a package of its
    # own on Debian/Ubuntu), and python3 for the test and lint tools.
    if [ -z "$python" ] || ! command -v python3 >/dev/null \
            || ! "$python" -c 'import ensurepip' >/dev/null 2>&1 \
            || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
        BOOTSTRAP_MISSING+=(python3 python3-venv)
        case "$(basename "${python:-none}")" in
            python3.[0-9]*) BOOTSTRAP_MISSING+=("$(basename "$python")-venv") ;;
        esac
        BOOTSTRAP_REQUIRED+=(python3)
    fi
    if ! command -v pg_ctlcluster >/dev/null && ! command -v pg_ctl >/dev/null \
            && ! pg_isready -q 2>/dev/null; then
        BOOTSTRAP_MISSING+=(postgresql)
        BOOTSTRAP_REQUIRED+=(postgresql)
    fi
    command -v wkhtmltopdf >/dev/null || BOOTSTRAP_MISSING+=(wkhtmltopdf)
    if ! bootstrap_has_chrome; then
        if grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then
            BOOTSTRAP_MISSING+=(chromium-browser)
        else
            BOOTSTRAP_MISSING+=(chromium)
        fi
    fi
    if command -v dpkg-query >/dev/null; then
        local p
        for p in fonts-dejavu-core fonts-liberation ca-certificates; do
            bootstrap_is_installed "$p" || BOOTSTRAP_MISSING+=("$p")
        done
    fi
    return 0
}

bootstrap_system_packages() {
    bootstrap_missing
    [ ${#BOOTSTRAP_MISSING[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        bootstrap_say "Installing ${BOOTSTRAP_MISSING[*]} (apt-get)"
        # wkhtmltopdf and chromium recommend an X server: not needed, both
        # run headless.
        if ! { apt-get update -q \
                && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                    "${BOOTSTRAP_MISSING[@]}"; }; then
            echo "apt-get could not install ${BOOTSTRAP_MISSING[*]}." >&2
        fi
        bootstrap_missing
        [ ${#BOOTSTRAP_MISSING[@]} -eq 0 ] && return 0
    fi
    local command="apt-get install ${BOOTSTRAP_MISSING[*]}"
    [ "$(id -u)" -ne 0 ] && command="sudo $command"
    if command -v apt-get >/dev/null; then
        echo "Missing: ${BOOTSTRAP_MISSING[*]}. Install them (or rerun this as root):" >&2
        echo "    $command" >&2
    else
        echo "Missing: ${BOOTSTRAP_MISSING[*]} (Debian/Ubuntu package names): install their equivalents with your system's package manager." >&2
    fi
    if [ ${#BOOTSTRAP_REQUIRED[@]} -gt 0 ]; then
        echo "Nothing can run without ${BOOTSTRAP_REQUIRED[*]}." >&2
        return 1
    fi
    echo "Going on without them: PDF reports need wkhtmltopdf, the browser tests Chromium." >&2
    return 0
}

# A PostgreSQL that answers: the one PGHOST/PGPORT point at; else the local
# cluster on 5432, else the newest local cluster, started if needed. PGPORT
# is exported with its port: Debian's psql and pg_isready find a cluster on
# any port by themselves, Odoo (libpq) only on PGPORT or 5432.
bootstrap_postgres() {
    local version='' name='' port=''
    if [ -z "${PGHOST:-}" ] && command -v pg_lsclusters >/dev/null; then
        local clusters line
        clusters=$(pg_lsclusters -h 2>/dev/null)
        if [ -n "${PGPORT:-}" ]; then
            line=$(awk -v want="$PGPORT" '$3 == want' <<<"$clusters" | head -n 1)
        else
            line=$(awk '$3 == 5432' <<<"$clusters" | head -n 1)
            [ -n "$line" ] || line=$(sort -V <<<"$clusters" | tail -n 1)
        fi
        # shellcheck disable=SC2034  # the other columns
        read -r version name port _ <<<"$line"
        [ -n "$port" ] && export PGPORT=$port
    fi
    if ! pg_isready -q 2>/dev/null && [ -n "$version" ]; then
        bootstrap_say "Starting PostgreSQL $version/$name (port $port)"
        pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start \
            || pg_ctlcluster "$version" "$name" start || true
    fi
    local _
    for _ in $(seq 1 30); do pg_isready -q 2>/dev/null && break; sleep 1; done
    if ! pg_isready -q 2>/dev/null; then
        echo "PostgreSQL does not answer (pg_isready${PGHOST:+ -h $PGHOST}${PGPORT:+ -p $PGPORT}): start it, or set PGHOST/PGPORT." >&2
        return 1
    fi
    bootstrap_postgres_role
}

# Odoo connects as the current user: when run as root, give root a role.
bootstrap_postgres_role() {
    psql -X -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return 0
    if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
        (cd / && su postgres -c "createuser ${PGPORT:+-p $PGPORT} -s $(whoami)") || true
        psql -X -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return 0
    fi
    echo "PostgreSQL answers but refuses the role '$(whoami)': sudo -u postgres createuser -s $(whoami)" >&2
    return 1
}

# ODOO: an Odoo 18 on PATH or ODOO_BIN; else the one installed by an earlier
# run; else install it now from ODOO_SOURCE (default: Odoo's 18.0 source
# archive).
bootstrap_odoo() {
    ODOO=${ODOO_BIN:-$(command -v odoo || command -v odoo-bin || true)}
    if [ -n "$ODOO" ]; then
        [ -z "${ODOO_SOURCE:-}" ] || echo "Odoo found ($ODOO): ODOO_SOURCE is not used."
    elif [ -x "$BOOTSTRAP_CACHED_ODOO" ]; then
        echo "Odoo installed by an earlier run: $BOOTSTRAP_CACHED_ODOO"
        ODOO=$BOOTSTRAP_CACHED_ODOO
    else
        bootstrap_say "No Odoo 18 found: installing it into $ODOO_PREFIX (once; the next runs reuse it)"
        local python=${PYTHON:-$(bootstrap_python)}
        if ! ODOO_BIN_DIR=$ODOO_PREFIX/bin ODOO_PATH_HINT=0 PYTHON=$python \
                "$BOOTSTRAP_SCRIPTS/install_odoo.sh"; then
            echo "Could not install Odoo 18 from ${ODOO_SOURCE:-the official 18.0 source archive} (see above)." >&2
            ODOO=
            return 1
        fi
        ODOO=$BOOTSTRAP_CACHED_ODOO
    fi
    local version
    if ! version=$("$ODOO" --version 2>/dev/null); then
        echo "$ODOO does not run ('$ODOO --version' failed)." >&2
        return 1
    fi
    case "$version" in
        *" 18.0"*) echo "Odoo: $version ($ODOO)" ;;
        *) echo "$ODOO is '$version', not Odoo 18.0." >&2; return 1 ;;
    esac
}
