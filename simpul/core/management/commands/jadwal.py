import time

from django.core.management.base import BaseCommand

from simpul.core.jadwal import jalankan_yang_jatuh_tempo, muat_semua


class Command(BaseCommand):
    help = "The scheduler: enqueue periodic tasks when due (loop), or once with --sekali (cron)."

    def add_arguments(self, parser):
        parser.add_argument("--sekali", action="store_true", help="check once and exit (for cron)")
        parser.add_argument("--interval", type=int, default=30, help="seconds between checks")

    def handle(self, *args, **opts):
        registry = muat_semua()
        self.stdout.write(f"jadwal: {len(registry)} periodic task(s): {', '.join(sorted(registry)) or '-'}")
        while True:
            for kunci in jalankan_yang_jatuh_tempo():
                self.stdout.write(f"enqueued {kunci}")
            if opts["sekali"]:
                return
            time.sleep(opts["interval"])
