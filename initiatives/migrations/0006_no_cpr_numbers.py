import volunteer_portal.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_progress_percentage"),
    ]

    operations = [
        migrations.AlterField(
            model_name="initiativeactor",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Where no organisation is registered, e.g. 'Citizens and local associations'.",
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="other actor",
            ),
        ),
        migrations.AlterField(
            model_name="progressnote",
            name="text",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="text",
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="comment",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="comment",
            ),
        ),
    ]
