#!/usr/bin/env bash
# How cost grows with the data: measure_pages on the 1× and the 10× data set, alternating for ROUNDS rounds
# so that a machine whose speed drifts affects both alike; the table gives the median of the rounds.
#
#   tests/load/growth.sh        # after run_load.sh and SCALE=10 run_load.sh built both data sets
#
# ONE_URL and TEN_URL name the two databases (default: we_scale and we_scale10 on 127.0.0.1). Needs the bench
# extra (pip install -e '.[bench]'), which installs the benchmark commands.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3} RUNS=${RUNS:-15} OUT=${OUT:-/tmp/wonen-eerst-load/growth}
ONE_URL=${ONE_URL:-postgres://postgres@127.0.0.1:5432/we_scale}
TEN_URL=${TEN_URL:-postgres://postgres@127.0.0.1:5432/we_scale10}
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
mkdir -p "$OUT"
one=() ten=()
for round in $(seq "$ROUNDS"); do
  DATABASE_URL=$ONE_URL .venv/bin/python manage.py measure_pages --runs "$RUNS" --json "$OUT/1x-$round.json" >/dev/null
  DATABASE_URL=$TEN_URL .venv/bin/python manage.py measure_pages --runs "$RUNS" --json "$OUT/10x-$round.json" >/dev/null
  one+=("$OUT/1x-$round.json") ten+=("$OUT/10x-$round.json")
done
.venv/bin/python tests/load/summarize.py growth "$(IFS=,; echo "${one[*]}")" "$(IFS=,; echo "${ten[*]}")" | tee "$OUT/growth.md"
