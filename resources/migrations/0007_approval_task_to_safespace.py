"""The review by a second person moves to the host (safespace 0007).

Its tables are renamed to the host's (resources_secondpersonapprovaltask and
its groups → safespace_…), rows untouched; safespace 0007 takes the model into
its state and relabels the content type, so every task, workflow and task
state keeps pointing at the same rows.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0006_networkimpactpage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("secondpersonapprovaltask", "safespace_secondpersonapprovaltask"),
            ],
            state_operations=[migrations.DeleteModel("SecondPersonApprovalTask")],
        ),
    ]
