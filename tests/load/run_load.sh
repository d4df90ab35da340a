#!/usr/bin/env bash
# The load benchmark: national data set on PostgreSQL, gunicorn on loopback, locust headless, bounded.
#
#   tests/load/run_load.sh                  # 50 users (2 more each second), 180 s, data at 1×
#
# Statistics are reset once all users are running (--reset-stats), so the table shows the steady state
# after the logins (PBKDF2, deliberately slow) of the ramp-up; the logins still have rows of their own.
#   SCALE=10 tests/load/run_load.sh         # the same against 10× the data
#   REBUILD=0 tests/load/run_load.sh        # reuse the data set already in the database
#
# Needs the bench extra (pip install -e '.[bench]') and a PostgreSQL server. Results: $OUT (summary.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

USERS=${USERS:-50} SPAWN=${SPAWN:-2} DURATION=${DURATION:-180s} THREADS=${THREADS:-4} SCALE=${SCALE:-1} PORT=${PORT:-8016}
WORKERS=${WORKERS:-3} REBUILD=${REBUILD:-1} OUT=${OUT:-/tmp/wonen-eerst-load/${SCALE}x}
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/we_scale}
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
PY=.venv/bin/python
mkdir -p "$OUT"

"$PY" manage.py migrate --noinput -v0
if [ "$REBUILD" = 1 ]; then
  /usr/bin/time -f "build_national_dataset --scale $SCALE: %e s" "$PY" manage.py build_national_dataset --scale "$SCALE" --flush 2>&1 | tee "$OUT/build.txt"
fi
"$PY" manage.py collectstatic --noinput -v0
# Every region's current report stored, as the worker leaves it in production.
"$PY" manage.py shell -c "from regions.models import Region; from regions.report import build_report, render_report
for region in Region.objects.select_related('current_phase'): render_report(build_report(region))"

.venv/bin/gunicorn wonen_eerst.wsgi --workers "$WORKERS" --threads "$THREADS" --keep-alive 30 --bind "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
nice -n 10 "$PY" manage.py db_worker --no-reload > "$OUT/worker.log" 2>&1 &   # e-mail and the stored reports, as in production
WORKER=$!
trap 'kill "$GUNICORN" "$WORKER" 2>/dev/null; wait "$GUNICORN" "$WORKER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/gezond/" >/dev/null && break; sleep 0.2; done

timeout 600 .venv/bin/locust -f tests/load/locustfile.py --headless --only-summary --reset-stats \
  -u "$USERS" -r "$SPAWN" -t "$DURATION" --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" \
  > "$OUT/locust.txt" 2>&1 || true   # locust exits 1 when any request failed: the summary says which

{
  echo "## Load: $USERS users (+$SPAWN/s), $DURATION, gunicorn $WORKERS workers × $THREADS threads, data ×$SCALE"
  echo
  "$PY" tests/load/summarize.py locust "$OUT/locust_stats.csv"
} | tee "$OUT/summary.md"
"$PY" manage.py measure_pages --json "$OUT/pages.json" | tee "$OUT/pages.md"
