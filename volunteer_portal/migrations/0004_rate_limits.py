# The rate limits' shared count (volunteer_portal.ratelimits), issue #12.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("volunteer_portal", "0003_municipality"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateLimitHit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("action", models.CharField(max_length=50, verbose_name="action")),
                ("key", models.CharField(max_length=64, verbose_name="hashed key")),
                ("window_start", models.DateTimeField(verbose_name="window start")),
                ("expires_at", models.DateTimeField(db_index=True, verbose_name="window end")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="uses")),
            ],
            options={
                "verbose_name": "rate-limit count",
                "verbose_name_plural": "rate-limit counts",
                "ordering": ["-window_start", "action"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("action", "key", "window_start"),
                        name="ratelimit_one_row_per_window",
                    )
                ],
            },
        ),
    ]
