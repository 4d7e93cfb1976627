import volunteer_portal.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_consent_withdrawn"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="confidentiality",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="confidentiality and personal data",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="ended_reason",
            field=models.TextField(
                blank=True,
                editable=False,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="reason for ending early",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="municipality_commits",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="what the municipality commits to",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="partner_commits",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="what the partner commits to",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="purpose",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="purpose",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="rooms",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="rooms lent",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="scope",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="scope and target group",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="task_boundary",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="the line between volunteers' and paid staff's tasks",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="termination",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="how either side ends it",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="title",
            field=models.CharField(
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="title",
            ),
        ),
        migrations.AlterField(
            model_name="agreementdocument",
            name="title",
            field=models.CharField(
                blank=True,
                max_length=200,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="title",
            ),
        ),
        migrations.AlterField(
            model_name="childcertificatedeclaration",
            name="note",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="note",
            ),
        ),
        migrations.AlterField(
            model_name="grant",
            name="override_reason",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="reason for granting while a report is outstanding",
            ),
        ),
        migrations.AlterField(
            model_name="grant",
            name="purpose",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="purpose",
            ),
        ),
        migrations.AlterField(
            model_name="grantreport",
            name="use",
            field=models.TextField(
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="what the grant was used for",
            ),
        ),
        migrations.AlterField(
            model_name="reviewmeeting",
            name="follow_ups",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="follow-ups",
            ),
        ),
        migrations.AlterField(
            model_name="reviewmeeting",
            name="minutes",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="minutes",
            ),
        ),
        migrations.AlterField(
            model_name="reviewmeeting",
            name="participants",
            field=models.TextField(
                blank=True,
                validators=[volunteer_portal.validators.no_cpr_number],
                verbose_name="participants",
            ),
        ),
    ]
