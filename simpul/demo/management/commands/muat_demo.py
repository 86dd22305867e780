import time

from django.core.management.base import BaseCommand

from simpul.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo data (Kabupaten Mamuju, one login per persona). Idempotent."

    def handle(self, *args, **opts):
        start = time.perf_counter()
        counts = demo_load()
        if not counts:
            self.stdout.write("demo data already loaded")
            return
        summary = ", ".join(f"{k} {v}" for k, v in counts.items())
        self.stdout.write(f"demo data loaded in {time.perf_counter() - start:.1f} s: {summary}")
