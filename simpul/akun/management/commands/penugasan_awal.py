"""Bootstrap the first office account of an installation (there is no office yet to grant it).

    manage.py penugasan_awal --email kominfo@mamujukab.go.id --nama "Diskominfo Mamuju" \
        --peran diskominfo_kabkota --wilayah 76.02

Creates the account if needed (prints a temporary password to change at first sign-in) and gives
it the role; recorded in the audit trail as a system act. From then on, offices manage accounts
in the web interface, each inside its own subtree.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from simpul.akun.models import AkunEvent, Penugasan, User
from simpul.akun.services import buat_sandi_sementara
from simpul.core.peran import TINGKAT_PERAN, Peran
from simpul.wilayah.models import Wilayah


class Command(BaseCommand):
    help = "Create (or reuse) an account and give it a government role: the first office of an installation."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--nama", required=True)
        parser.add_argument("--peran", required=True, choices=Peran.values)
        parser.add_argument("--wilayah", help="region code (not for komdigi)")

    def handle(self, *args, email, nama, peran, wilayah, **opts):
        tingkat = TINGKAT_PERAN[peran]
        region = None
        if tingkat:
            if not wilayah:
                raise CommandError("--wilayah is required for this role")
            region = Wilayah.objects.filter(kode=wilayah, aktif=True).first()
            if region is None:
                raise CommandError(f"unknown or inactive region code: {wilayah}")
            if region.tingkat != tingkat:
                raise CommandError(f"role {peran} is held on a level-{tingkat} region, {wilayah} is level {region.tingkat}")
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            sandi = None
            if user is None:
                sandi = buat_sandi_sementara()
                user = User(email=email.lower(), nama=nama, sandi_sementara=True)
                user.set_password(sandi)
                user.save()
                AkunEvent.objects.create(aktor=None, jenis=AkunEvent.Jenis.AKUN_DIBUAT, user=user,
                                         wilayah_kode=region.kode if region else "", alasan="penugasan_awal")
            p, created = Penugasan.objects.get_or_create(user=user, peran=peran, wilayah=region, dicabut=None)
            if created:
                AkunEvent.objects.create(aktor=None, jenis=AkunEvent.Jenis.PENUGASAN_DIBERIKAN, user=user,
                                         wilayah_kode=region.kode if region else "",
                                         data={"penugasan_id": p.pk, "peran": peran}, alasan="penugasan_awal")
        self.stdout.write(f"{user.email}: {p}{' (already held)' if not created else ''}")
        if sandi:
            self.stdout.write(f"temporary password (change at first sign-in): {sandi}")
