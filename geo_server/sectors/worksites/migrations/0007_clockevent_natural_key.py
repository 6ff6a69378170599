"""Clock events keyed by what the device sent, (source_id, at), and daily attendance by its
(site, person, day): the surrogate ids, their sequences and the (site, at) and (worker, day) indexes
no query read cost a sequence call and B-tree inserts per row on the ingestion path
(bench/README.md, "Wage ingestion")."""

from django.db import migrations, models

SQL = """
ALTER TABLE worksites_clockevent DROP CONSTRAINT worksites_clockevent_pkey;
ALTER TABLE worksites_clockevent DROP CONSTRAINT worksites_clockevent_source_id_at_key;
ALTER TABLE worksites_clockevent DROP COLUMN id;
DROP INDEX IF EXISTS worksites_clockevent_site;
ALTER TABLE worksites_clockevent ADD PRIMARY KEY (source_id, at);
ALTER TABLE worksites_dailyattendance DROP COLUMN id;
DROP INDEX IF EXISTS worksites_dailyattendance_worker;
"""

REVERSE = """
CREATE SEQUENCE worksites_dailyattendance_id_seq AS bigint;
ALTER TABLE worksites_dailyattendance ADD COLUMN id bigint NOT NULL DEFAULT nextval('worksites_dailyattendance_id_seq');
ALTER SEQUENCE worksites_dailyattendance_id_seq OWNED BY worksites_dailyattendance.id;
CREATE INDEX worksites_dailyattendance_worker ON worksites_dailyattendance (worker_id, day);
ALTER TABLE worksites_clockevent DROP CONSTRAINT worksites_clockevent_pkey;
CREATE SEQUENCE worksites_clockevent_id_seq AS bigint;
ALTER TABLE worksites_clockevent ADD COLUMN id bigint NOT NULL DEFAULT nextval('worksites_clockevent_id_seq');
ALTER SEQUENCE worksites_clockevent_id_seq OWNED BY worksites_clockevent.id;
ALTER TABLE worksites_clockevent ADD PRIMARY KEY (id, at);
ALTER TABLE worksites_clockevent ADD CONSTRAINT worksites_clockevent_source_id_at_key UNIQUE (source_id, at);
CREATE INDEX worksites_clockevent_site ON worksites_clockevent (site_id, at);
"""


class Migration(migrations.Migration):
    dependencies = [("worksites", "0006_worker_months")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(SQL, REVERSE)],
            state_operations=[
                migrations.RemoveField("clockevent", "id"),
                migrations.AddField("clockevent", "pk", models.CompositePrimaryKey(
                    "source_id", "at", blank=True, editable=False, primary_key=True, serialize=False)),
                migrations.RemoveField("dailyattendance", "id"),
                migrations.AddField("dailyattendance", "pk", models.CompositePrimaryKey(
                    "site", "id_hash", "day", blank=True, editable=False, primary_key=True, serialize=False)),
            ],
        ),
    ]
