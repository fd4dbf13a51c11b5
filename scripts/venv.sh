# Sourced by ./run and ./test: finds Python >= 3.12, creates .venv and installs
# the locked requirements file named in $1 when it changed since the last install.
set -euo pipefail

python_is_recent() {
    "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3; do
        if [ -n "$candidate" ] && python_is_recent "$candidate"; then
            command -v "$candidate" || echo "$candidate"
            return 0
        fi
    done
    # pyenv's shims fail unless a version is selected, so try its interpreters directly.
    local pyenv_root
    pyenv_root="$( (pyenv root 2>/dev/null) || echo "$HOME/.pyenv")"
    for candidate in $(ls -d "$pyenv_root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
        if python_is_recent "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    local lock_file="$1"
    local venv=".venv"
    if [ ! -x "$venv/bin/python" ] || ! python_is_recent "$venv/bin/python"; then
        local python
        if ! python="$(find_python)"; then
            echo "Commons needs Python 3.12 or newer and none was found." >&2
            echo "Install Python 3.13 (or 3.12), or point PYTHON at one: PYTHON=/path/to/python3.13 $0" >&2
            exit 1
        fi
        echo "Creating .venv with $python ($("$python" -V 2>&1))"
        rm -rf "$venv"
        "$python" -m venv "$venv"
    fi
    local stamp="$venv/.installed-$(basename "$lock_file")"
    local wanted
    wanted="$(sha256sum "$lock_file" pyproject.toml | sha256sum | cut -c1-16)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        echo "Installing locked dependencies from $lock_file"
        "$venv/bin/python" -m pip install --quiet --upgrade pip
        "$venv/bin/python" -m pip install --quiet -r "$lock_file"
        "$venv/bin/python" -m pip check >/dev/null
        echo "$wanted" >"$stamp"
    fi
}
