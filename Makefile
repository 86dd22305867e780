# Thin aliases for the scripts (which work without make too).
.PHONY: demo test lint bench negara bench-suite messages
demo:      ## set up and run Simpul with demo data (SQLite, worker, scheduler, web)
	./scripts/demo
test:      ## set up and run the whole test suite (SQLite; set DATABASE_URL/REDIS_URL for PostgreSQL + Redis)
	./scripts/test
lint:      ## what CI checks: ruff (the code is not ruff-formatted as a whole; format only new files)
	.venv/bin/ruff check .
messages:  ## refresh the English catalogue after changing strings (needs gettext)
	./scripts/messages
bench:     ## run every benchmark (bench/__main__.py lists them; --hanya NAME for one)
	.venv/bin/python -m bench
negara:    ## load the synthetic country into PostgreSQL database simpul_negara (~15 min, once)
	.venv/bin/python -m bench.negara --db simpul_negara
bench-suite: ## the whole suite on the synthetic country: var/bench/hasil.json + ringkasan.md
	.venv/bin/python -m bench.suite --db simpul_negara
