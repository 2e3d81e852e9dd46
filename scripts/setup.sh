#!/usr/bin/env bash
# Sets up everything pollday needs on a Debian/Ubuntu machine: system packages, a
# virtual environment in .venv, and pollday itself. Safe to run again: it only does
# what is missing. Usage: scripts/setup.sh [app|test]
set -euo pipefail

purpose="${1:-app}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf 'pollday setup: %s\n' "$*"; }
fail() { printf 'pollday setup: %s\n' "$*" >&2; exit 1; }

# 1. Python 3.11 or newer.
python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        python="$(command -v "$candidate")"
        break
    fi
done
[ -n "$python" ] || fail "pollday needs Python 3.11 or newer. Install it with: sudo apt-get install python3"

# 2. System packages: the barcode library, a Unicode font for documents, and for the
#    tests tmux and poppler (pdftotext/pdftoppm read the PDFs back).
packages=(libzbar0 fonts-dejavu-core)
[ "$purpose" = "test" ] && packages+=(tmux poppler-utils)
"$python" -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
fi
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        say "installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        fail "missing system packages: ${missing[*]}. Install them with:
    sudo apt-get install -y ${missing[*]}
then run this command again."
    fi
fi

# 3. The virtual environment and pollday, reinstalled only when pyproject.toml changes.
if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $("$python" --version)"
    "$python" -m venv .venv
fi
extras=""
[ "$purpose" = "test" ] && extras="[test]"
stamp=".venv/.pollday-installed-$purpose"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    say "installing pollday and its libraries into .venv (first time takes a minute)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".$extras"
    echo "$wanted" > "$stamp"
fi
