"""The handlers' open queue in page order from one partial index (ids, order and the filter on the
reach), see ``models.Aspirasi.Meta.indexes`` and docs/aspirasi.md "Measuring"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aspirasi", "0007_ringkasan_dasbor"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="aspirasi",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("draf", "baru", "ditunda", "diverifikasi", "didisposisi", "ditindaklanjuti")),
                ),
                fields=["tenggat", "-id", "wilayah_tangani", "kim", "instansi", "terlambat"],
                name="aspirasi_terbuka_tenggat",
            ),
        ),
    ]
