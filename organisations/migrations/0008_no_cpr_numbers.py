import volunteer_portal.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0007_referral_keeps_no_time"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activity",
            name="accessibility",
            field=models.TextField(
                blank=True,
                help_text="Step-free access, lift, accessible toilet, hearing loop, …",
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="accessibility",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="place",
            field=models.CharField(
                blank=True,
                help_text="Address or name of the place.",
                max_length=300,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="place",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="rhythm",
            field=models.CharField(
                blank=True,
                help_text="In words, such as “every Tuesday” or “by arrangement”.",
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="when",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="title",
            field=models.CharField(
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="title",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="welcome_name",
            field=models.CharField(
                blank=True,
                help_text="The person who receives newcomers.",
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="welcome contact",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="address",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="address",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="contact_name",
            field=models.CharField(
                blank=True,
                help_text="Shown to everyone.",
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="public contact person",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="staff_contact_name",
            field=models.CharField(
                blank=True,
                help_text="Shown only to municipal staff, never to visitors.",
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="contact person for staff",
            ),
        ),
    ]
