"""An agency's open queue read from one partial index (page ids, order and count), see
``selectors.PaginatorAntrean`` and docs/aspirasi.md "Measuring"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aspirasi", "0003_pengaturan"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="aspirasi",
            index=models.Index(
                condition=models.Q(
                    ("instansi__isnull", False),
                    ("status__in", ("draf", "baru", "ditunda", "diverifikasi", "didisposisi", "ditindaklanjuti")),
                ),
                fields=["instansi", "tenggat", "-id"],
                name="aspirasi_antrean_terbuka",
            ),
        ),
    ]
