from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_volunteer_flow"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteerprofile",
            name="consent_withdrawn_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="consent withdrawn"
            ),
        ),
    ]
