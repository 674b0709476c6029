#!/usr/bin/env bash
# Print a PATH that puts python3.8 ... python3.13 from pyenv in front, so tox finds every interpreter its
# envs need by name. Usage:  export PATH="$(tools/pyenv-interpreters.sh)"
# Exits non-zero (naming what is missing) if pyenv lacks one of them: a missing interpreter must fail, not
# silently skip a gensim line.
set -euo pipefail
root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
path="$PATH"
missing=()
for minor in 3.8 3.9 3.10 3.11 3.12 3.13; do
    # newest installed patch release of this minor version
    dir="$(ls -d "$root"/versions/"$minor".* 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/bin/python$minor" ]]; then
        path="$dir/bin:$path"
    elif ! command -v "python$minor" >/dev/null 2>&1; then
        missing+=("$minor")
    fi
done
if (( ${#missing[@]} )); then
    echo "pyenv-interpreters: no python${missing[*]} in $root/versions or on PATH (pyenv install <version>)" >&2
    exit 1
fi
echo "$path"
