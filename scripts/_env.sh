# Sourced by the other scripts: find Python >= 3.12, create .venv, install the locked packages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

find_python() {
  local c
  for c in "${SIMPUL_PYTHON:-}" python3.13 python3.12 python3 \
           /root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3 \
           "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
           /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -n "$c" ] || continue
    command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || continue
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$c" 2>/dev/null || echo "$c"; return 0
    fi
  done
  return 1
}

setup_env() {
  local group=${1:-dev}
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    local py
    py=$(find_python) || { echo "Simpul needs Python 3.12 or newer (set SIMPUL_PYTHON=/path/to/python3.12)." >&2; exit 1; }
    echo "==> Python: $py"
    rm -rf .venv
    "$py" -m venv .venv
  fi
  if [ ! -x .venv/bin/uv ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check uv
  fi
  echo "==> installing locked packages (uv sync)"
  if [ "$group" = "dev" ]; then
    .venv/bin/uv sync -q --frozen --python .venv/bin/python
  else
    .venv/bin/uv sync -q --frozen --no-dev --python .venv/bin/python
  fi
  # uv sync removes what the lock does not list, uv itself included: keep it for next time.
  [ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q --disable-pip-version-check uv
}
