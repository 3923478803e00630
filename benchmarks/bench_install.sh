#!/usr/bin/env bash
# Size and install time of each install profile of hoinghi, measured in fresh venvs.
#
#   bash benchmarks/bench_install.sh [PROFILE ...]      # default: core pytest studio dev
#
# A profile is an extra of pyproject.toml ("core" = no extra). For each one: a fresh
# `python3 -m venv`, then `pip install --upgrade pip` (not timed), then
# `pip install '.[PROFILE]'` timed as a whole process with pip's cache as it is
# (run the script once to fill the cache; the figures of the second run are the
# ones that are comparable: no download time), then `du -sm` of the venv.
# The venvs live in a temporary folder and are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(core pytest studio dev)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base=$tmp/empty
python3 -m venv "$base"
printf '%-8s %10s %10s %9s\n' profile "venv MB" "install s" packages
printf '%-8s %10s %10s %9s\n' "(empty)" "$(du -sm "$base" | cut -f1)" "-" "$("$base/bin/python" -m pip list 2>/dev/null | tail -n +3 | wc -l)"
for p in "${profiles[@]}"; do
  v=$tmp/$p
  python3 -m venv "$v"
  "$v/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  spec=.
  [ "$p" = core ] || spec=".[$p]"
  start=$(date +%s.%N)
  "$v/bin/python" -m pip install --quiet "$spec" >"$tmp/$p.log" 2>&1 || { cat "$tmp/$p.log" >&2; exit 1; }
  end=$(date +%s.%N)
  n=$("$v/bin/python" -m pip list 2>/dev/null | tail -n +3 | wc -l)
  printf '%-8s %10s %10.1f %9s\n' "$p" "$(du -sm "$v" | cut -f1)" "$(echo "$end - $start" | bc)" "$n"
  rm -rf "$v" build
done
