from django.core.management.base import BaseCommand

from simpul.demo.services import PERSONA, SANDI_DEMO


class Command(BaseCommand):
    help = "Print the demo URL and logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **opts):
        w = self.stdout.write
        w("")
        w("=" * 72)
        w(f"  Simpul is running: {url}")
        w(f"  Demo logins (password for all: {SANDI_DEMO})")
        w("=" * 72)
        for p in PERSONA:
            w(f"  {p.email:<28} {p.keterangan}")
        w("")
        w(f"  Coverage:          {url}cakupan/76.02/")
        w(f"  KIM directory:     {url}kim/")
        w(f"  Verification queue (sign in as mamuju@demo.simpul.id): {url}kim/kelola/verifikasi/")
        w(f"  API docs:          {url}api/v1/docs")
        w("=" * 72)
