# Thin aliases for the scripts (which work without make too).
.PHONY: demo test lint bench messages
demo:      ## set up and run Simpul with demo data (SQLite, worker, scheduler, web)
	./scripts/demo
test:      ## set up and run the whole test suite (SQLite; set DATABASE_URL/REDIS_URL for PostgreSQL + Redis)
	./scripts/test
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
messages:  ## refresh the English catalogue after changing strings (needs gettext)
	./scripts/messages
bench:     ## run every benchmark (bench/__main__.py lists them; --hanya NAME for one)
	.venv/bin/python -m bench
