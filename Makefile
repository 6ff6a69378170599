# The two commands: `make run` (server with demo data, and one Celery worker: bin/run) and `make test` (the whole suite).
SHELL := /bin/bash
PORT ?= 8000
SCALE ?= 1
PY := .venv/bin/python
# Gunicorn: processes x threads serve that many requests at once; each thread holds at most one
# pooled database connection, so the pool per process is as large as THREADS (README, "Deploying behind HTTPS").
WORKERS ?= 2
THREADS ?= 8

.PHONY: run dev check-port test setup demo bench replica

run: check-port setup demo
	$(PY) manage.py collectstatic --noinput -v 0
	bin/run $(PORT) $(WORKERS) $(THREADS)

# The autoreloading development server, with DEBUG on (tracebacks in the browser).
dev: check-port setup demo
	GEO_SERVER_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

check-port:
	@if (exec 3<>/dev/tcp/127.0.0.1/$(PORT)) 2>/dev/null; then \
		echo "make run: port $(PORT) is already in use; stop what listens there or run 'make run PORT=8001'"; exit 1; fi

test:
	bin/setup --browser
	$(PY) -m pytest

setup:
	bin/setup

demo:
	$(PY) manage.py load_demo --scale $(SCALE)
	$(PY) manage.py load_wages --scale $(SCALE)
	$(PY) manage.py load_concrete --scale $(SCALE)
	$(PY) manage.py load_rasters
	$(PY) manage.py run_risk_model
	$(PY) manage.py evaluate_rules
	$(PY) manage.py refresh_tile_cache
	$(PY) manage.py create_demo_users

# A streaming read replica of the local primary on port 5433 (bin/replica); geo_server reads
# lag-tolerant pages from it when DATABASE_REPLICA_URL points at it (docs/scale-out.md).
replica:
	bin/replica

bench: setup
	$(PY) bench/load_demo.py
