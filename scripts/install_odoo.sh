#!/usr/bin/env bash
# Install Odoo 18.0 from source into a private virtualenv and put an `odoo`
# launcher on your PATH (scripts/test.sh finds it there).
#
#   scripts/install_odoo.sh
#
# Environment (all optional):
#   ODOO_SOURCE   where the Odoo 18.0 source comes from; default: Odoo's
#                 official nightly source archive
#                 https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz
#                 It may also be another http(s) URL of a .tar.gz/.zip, a local
#                 .tar.gz/.tgz/.tar.xz/.tar/.zip file, a local directory (a
#                 checkout of github.com/odoo/odoo at 18.0, say), or a git URL
#                 (ends in .git, or starts with git@, git:// or git+).
#   ODOO_GIT_REF  branch or tag to clone for a git URL (default: 18.0)
#   ODOO_PREFIX   where the source and the venv go
#                 (default: $HOME/.local/share/odoo18 -> src/ and venv/)
#   ODOO_BIN_DIR  where the `odoo` launcher is written (default: $HOME/.local/bin)
#   PYTHON        the interpreter for the venv (default: the system's
#                 /usr/bin/python3.11, else 3.12 or 3.10, else one on PATH)
#   INSTALL_SYSTEM_PACKAGES=1
#                 first apt-get install (with sudo when not root) the Debian/
#                 Ubuntu packages Odoo needs: Python's venv, wkhtmltopdf (PDF
#                 reports), chromium (browser tests) and fonts. Off by
#                 default: nothing outside ODOO_PREFIX and ODOO_BIN_DIR is
#                 touched unless you ask (scripts/demo.sh and scripts/test.sh
#                 do it themselves when run as root).
#
# Odoo's requirements.txt is installed with the changes of
# scripts/odoo-requirements-override.txt (psycopg2-binary for psycopg2,
# python-ldap left out): no C compiler or headers needed.
#
# Odoo also needs a PostgreSQL server it can reach (locally: a role named like
# your user, e.g. `sudo -u postgres createuser -s $USER`).
set -euo pipefail

DEFAULT_SOURCE=https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz
ODOO_SOURCE=${ODOO_SOURCE:-$DEFAULT_SOURCE}
ODOO_GIT_REF=${ODOO_GIT_REF:-18.0}
ODOO_PREFIX=${ODOO_PREFIX:-$HOME/.local/share/odoo18}
ODOO_BIN_DIR=${ODOO_BIN_DIR:-$HOME/.local/bin}
# Odoo 18 runs on Python 3.10 to 3.12: the first one found, 3.11 first.
# The system's own (Debian/Ubuntu: /usr/bin) before any other on PATH.
first_python() {
    local v
    for v in 3.11 3.12 3.10; do
        [ -x "/usr/bin/python$v" ] && { echo "/usr/bin/python$v"; return; }
    done
    command -v python3.11 || command -v python3.12 || command -v python3.10 || echo python3.11
}
PYTHON=${PYTHON:-$(first_python)}
INSTALL_SYSTEM_PACKAGES=${INSTALL_SYSTEM_PACKAGES:-0}

SRC_DIR=$ODOO_PREFIX/src
VENV_DIR=$ODOO_PREFIX/venv
LAUNCHER=$ODOO_BIN_DIR/odoo

say()  { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Debian/Ubuntu packages: nothing to build (scripts/odoo-requirements-
# override.txt takes wheels for what would need C headers); wkhtmltopdf for
# PDF reports, chromium for browser tests, fonts, and certificates for the
# downloads.
RUNTIME_PACKAGES=(wkhtmltopdf chromium fonts-liberation fonts-dejavu-core ca-certificates)
SYSTEM_PACKAGES=("${RUNTIME_PACKAGES[@]}")

# -- 0. optional system packages --------------------------------------------
install_system_packages() {
    say "Installing system packages (INSTALL_SYSTEM_PACKAGES=1)"
    command -v apt-get >/dev/null || die "apt-get not found: install the equivalents of ${SYSTEM_PACKAGES[*]} with your package manager"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "not root and no sudo: cannot apt-get install"
        sudo=(sudo)
    fi
    local pkgs=("${SYSTEM_PACKAGES[@]}")
    # The venv module of the chosen interpreter, when Debian packages it.
    local pyname
    pyname=$(basename "$PYTHON")
    case "$pyname" in python3.[0-9]*) pkgs+=("$pyname" "$pyname-venv") ;; esac
    "${sudo[@]}" apt-get update
    # Install one by one on failure, so one missing name (chromium is
    # chromium-browser on some Ubuntus) doesn't stop the rest.
    if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${pkgs[@]}"; then
        info "Some packages failed together; retrying one by one"
        local p
        for p in "${pkgs[@]}"; do
            DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "$p" >/dev/null 2>&1 \
                || info "could not install $p (skipped)"
        done
    fi
}

# -- 1. the source ------------------------------------------------------------
download() {  # url dest
    if command -v curl >/dev/null; then
        curl -fL --retry 3 --progress-bar -o "$2" "$1"
    elif command -v wget >/dev/null; then
        wget -O "$2" "$1"
    else
        "$PYTHON" -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$1" "$2"
    fi
}

extract() {  # archive destdir
    if [ "$(head -c 2 "$1")" = "PK" ]; then
        "$PYTHON" -m zipfile -e "$1" "$2"
    else
        tar -xf "$1" -C "$2"
    fi
}

# The Odoo root is the folder holding odoo/release.py.
find_odoo_root() {  # dir
    local rel
    rel=$(find "$1" -maxdepth 4 -path '*/odoo/release.py' 2>/dev/null \
          | awk '{ print length($0) "\t" $0 }' | sort -n | head -n 1 | cut -f2-)
    [ -n "$rel" ] || return 1
    dirname "$(dirname "$rel")"
}

fetch_source() {
    local staging
    staging=$(mktemp -d "$ODOO_PREFIX/.staging.XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$staging'" EXIT
    local src=$ODOO_SOURCE root

    case "$src" in
        git@*|git://*|git+*|ssh://*|*.git|*.git/)
            command -v git >/dev/null || die "git is needed to clone $src"
            src=${src#git+}
            say "Cloning $src (branch/tag $ODOO_GIT_REF)"
            git clone --depth 1 --branch "$ODOO_GIT_REF" "$src" "$staging/odoo" \
                || die "git clone of $src (branch/tag $ODOO_GIT_REF) failed"
            rm -rf "$staging/odoo/.git"
            ;;
        http://*|https://*|ftp://*|file://*)
            local name=${src%%\?*}
            name=$(basename "$name")
            say "Downloading $src"
            download "$src" "$staging/$name" || die "download failed: $src"
            say "Extracting $name"
            mkdir "$staging/x"
            extract "$staging/$name" "$staging/x" || die "could not extract $name (not a .tar.gz or .zip?)"
            rm -f "$staging/$name"
            ;;
        *)
            [ -e "$src" ] || die "ODOO_SOURCE not found: $src"
            if [ -d "$src" ]; then
                say "Copying source from $src"
                mkdir "$staging/x"
                tar -C "$src" --exclude=.git -cf - . | tar -C "$staging/x" -xf -
            else
                say "Extracting $src"
                mkdir "$staging/x"
                extract "$src" "$staging/x" || die "could not extract $src (not a .tar.gz or .zip?)"
            fi
            ;;
    esac

    root=$(find_odoo_root "$staging") || die "no Odoo source (odoo/release.py) found in $ODOO_SOURCE"
    [ -f "$root/requirements.txt" ] || die "$ODOO_SOURCE has no requirements.txt next to odoo/"
    local version
    version=$(sed -n "s/^version_info = (\([0-9]*\), *\([0-9]*\).*/\1.\2/p" "$root/odoo/release.py" | head -n 1)
    case "$version" in
        18.0) info "Found Odoo $version" ;;
        *) die "ODOO_SOURCE holds Odoo ${version:-of unknown version}, not 18.0" ;;
    esac

    if [ -e "$SRC_DIR" ]; then
        info "Replacing the previous source in $SRC_DIR"
        rm -rf "$SRC_DIR"
    fi
    mv "$root" "$SRC_DIR"
    rm -rf "$staging"
    trap - EXIT
}

# A git checkout has odoo-bin at its root; Odoo's nightly archive (an sdist,
# its addons moved into odoo/addons) has the same script as setup/odoo, which
# only finds the odoo package from the root: copy it there as odoo-bin.
entry_point() {
    if [ ! -f "$SRC_DIR/odoo-bin" ]; then
        [ -f "$SRC_DIR/setup/odoo" ] || die "neither odoo-bin nor setup/odoo in $SRC_DIR"
        cp "$SRC_DIR/setup/odoo" "$SRC_DIR/odoo-bin"
    fi
    echo "$SRC_DIR/odoo-bin"
}

# A git checkout keeps the standard addons in addons/ beside odoo/, where Odoo
# looks only when no --addons-path is given; the nightly archive has them in
# odoo/addons, always searched. Link them there so that any --addons-path
# (the test and demo scripts pass one) still finds web, hr, mail...
link_core_addons() {
    [ -d "$SRC_DIR/addons" ] || return 0
    local count=0 module
    for module in "$SRC_DIR"/addons/*/; do
        module=$(basename "$module")
        if [ ! -e "$SRC_DIR/odoo/addons/$module" ]; then
            ln -s "../../addons/$module" "$SRC_DIR/odoo/addons/$module"
            count=$((count + 1))
        fi
    done
    info "Linked $count standard addons into odoo/addons"
}

# -- 2. the virtualenv ----------------------------------------------------------
make_venv() {
    local pyver
    pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    case "$pyver" in
        3.10|3.11|3.12) ;;
        *) info "WARNING: Odoo 18.0 supports Python 3.10 to 3.12; $PYTHON is $pyver" ;;
    esac
    VENV_PYTHON=$VENV_DIR/bin/python$pyver

    if [ -x "$VENV_PYTHON" ]; then
        say "Reusing the virtualenv $VENV_DIR (Python $pyver)"
    else
        rm -rf "$VENV_DIR"
        say "Creating the virtualenv $VENV_DIR with $PYTHON (Python $pyver)"
        "$PYTHON" -m venv "$VENV_DIR" || die "'$PYTHON -m venv' failed (Debian/Ubuntu: apt-get install python$pyver-venv, or run with INSTALL_SYSTEM_PACKAGES=1)"
    fi
}

# Odoo's requirements.txt as this machine installs it: the changes of
# scripts/odoo-requirements-override.txt applied (psycopg2-binary for
# psycopg2, python-ldap left out), so that nothing needs C headers.
OVERRIDE_FILE=$(cd "$(dirname "$0")" && pwd)/odoo-requirements-override.txt
derive_requirements() {  # source-requirements derived-requirements
    [ -f "$OVERRIDE_FILE" ] || die "$OVERRIDE_FILE is missing"
    awk '
        function norm(n) { n = tolower(n); gsub(/[_.]/, "-", n); return n }
        FNR == NR {
            sub(/#.*/, "")
            if (NF >= 2) action[norm($1)] = $2
            next
        }
        {
            line = $0
            name = line
            sub(/^[ \t]+/, "", name)
            if (name == "" || name ~ /^#/) { print line; next }
            match(name, /^[A-Za-z0-9_.-]+/)
            key = norm(substr(name, 1, RLENGTH))
            if (!(key in action)) { print line; next }
            if (action[key] == "drop") { print "# left out (odoo-requirements-override.txt): " line; next }
            print action[key] substr(name, RLENGTH + 1)
        }
    ' "$OVERRIDE_FILE" "$1" > "$2"
}

pip_install() {
    # Old sdists (cbor2 5.4.2...) import pkg_resources in their setup.py, gone
    # from setuptools 80: hold setuptools below 80 in the venv and in pip's
    # isolated build environments (PIP_CONSTRAINT for pip < 26.2,
    # --build-constraint for newer pip).
    local constraints=$ODOO_PREFIX/pip-constraints.txt
    echo 'setuptools<80' > "$constraints"
    local build_opt=()

    say "Installing setuptools<80 and wheel"
    PIP_CONSTRAINT=$constraints "$VENV_PYTHON" -m pip install --upgrade pip 'setuptools<80' wheel
    if "$VENV_PYTHON" -m pip install --help 2>/dev/null | grep -q -- '--build-constraint'; then
        build_opt=(--build-constraint "$constraints")
    fi

    local requirements=$ODOO_PREFIX/requirements.txt
    derive_requirements "$SRC_DIR/requirements.txt" "$requirements"
    say "Installing Odoo's requirements.txt (this takes a few minutes)"
    info "as $requirements: $(diff "$SRC_DIR/requirements.txt" "$requirements" | grep -c '^>') line(s) changed by scripts/odoo-requirements-override.txt"
    # cbor2 (only auth_passkey imports it) comes as a source archive whose C
    # extension is optional: pure Python, no compiler needed.
    if ! CBOR2_BUILD_C_EXTENSION=0 PIP_CONSTRAINT=$constraints "$VENV_PYTHON" -m pip install \
            ${build_opt[@]+"${build_opt[@]}"} -r "$requirements"; then
        die "pip could not install Odoo's requirements (from $requirements).
       See pip's message above: a package it had to build from source needs C
       headers; add it to scripts/odoo-requirements-override.txt (a wheel of
       the same code, or drop), or install the headers."
    fi

    say "Installing websocket-client (Odoo's browser tests)"
    PIP_CONSTRAINT=$constraints "$VENV_PYTHON" -m pip install ${build_opt[@]+"${build_opt[@]}"} websocket-client
}

# -- 3. the launcher --------------------------------------------------------------
write_launcher() {
    local entry
    entry=$(entry_point)
    mkdir -p "$ODOO_BIN_DIR"
    if [ -e "$LAUNCHER" ]; then
        info "Overwriting the existing $LAUNCHER"
    fi
    # The absolute interpreter path stays literal on the exec line: tools
    # (scripts/test.sh) read it from there.
    printf '#!/bin/bash\nexec %q %q "$@"\n' "$VENV_PYTHON" "$entry" > "$LAUNCHER"
    chmod +x "$LAUNCHER"
    say "Wrote the launcher $LAUNCHER"
}

main() {
    command -v "$PYTHON" >/dev/null || [ -x "$PYTHON" ] \
        || die "$PYTHON not found: install Python 3.10 to 3.12 (Debian/Ubuntu: apt-get install python3.11 python3.11-venv) or set PYTHON=/path/to/python3.x"

    echo "Installing Odoo 18.0"
    echo "  source:   $ODOO_SOURCE"
    echo "  prefix:   $ODOO_PREFIX"
    echo "  launcher: $LAUNCHER"
    echo "  python:   $PYTHON"

    if [ "$INSTALL_SYSTEM_PACKAGES" = 1 ]; then
        install_system_packages
    fi

    mkdir -p "$ODOO_PREFIX"
    fetch_source
    link_core_addons
    make_venv
    pip_install
    write_launcher

    say "Checking the launcher"
    local version
    version=$("$LAUNCHER" --version 2>/dev/null) || die "$LAUNCHER --version failed"
    info "$version"

    for tool in wkhtmltopdf psql; do
        command -v "$tool" >/dev/null || info "Note: $tool not found (PDF reports need wkhtmltopdf; Odoo needs a PostgreSQL server)"
    done
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
        || info "Note: no Chromium/Chrome found: Odoo's browser (tour) tests will be skipped"

    echo
    echo "Odoo 18.0 is installed."
    # scripts/demo.sh and scripts/test.sh find it in their cache themselves.
    [ "${ODOO_PATH_HINT:-1}" = 0 ] && return 0
    case ":$PATH:" in
        *":$ODOO_BIN_DIR:"*) echo "  $ODOO_BIN_DIR is on your PATH: run 'odoo --version'." ;;
        *)
            echo "  $ODOO_BIN_DIR is not on your PATH. Add it, e.g. to ~/.bashrc:"
            echo
            # shellcheck disable=SC2016  # $PATH is meant literally here
            printf '    export PATH=%q:"$PATH"\n' "$ODOO_BIN_DIR"
            echo
            echo "  then run 'odoo --version'. Or set ODOO_BIN=$LAUNCHER for scripts/test.sh."
            ;;
    esac
}

main "$@"
