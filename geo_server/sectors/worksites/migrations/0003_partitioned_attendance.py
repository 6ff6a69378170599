"""Clock events and daily attendance as PostgreSQL declarative partitions by month, BRIN on time.

Partitions are made on demand (worksites.partitions.ensure_months) before rows of a month arrive;
there is no default partition, so a month's partition can always be added later."""

from django.db import migrations

SQL = """
CREATE SEQUENCE worksites_clockevent_id_seq AS bigint;
CREATE TABLE worksites_clockevent (
    id bigint NOT NULL DEFAULT nextval('worksites_clockevent_id_seq'),
    source_id varchar(64) NOT NULL,
    site_id bigint NOT NULL,
    worker_id bigint,
    id_hash varchar(64) NOT NULL,
    device varchar(40) NOT NULL,
    method varchar(12) NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (id, at),
    UNIQUE (source_id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE worksites_clockevent_id_seq OWNED BY worksites_clockevent.id;
CREATE INDEX worksites_clockevent_at_brin ON worksites_clockevent USING brin (at);
CREATE INDEX worksites_clockevent_site ON worksites_clockevent (site_id, at);

CREATE SEQUENCE worksites_dailyattendance_id_seq AS bigint;
CREATE TABLE worksites_dailyattendance (
    id bigint NOT NULL DEFAULT nextval('worksites_dailyattendance_id_seq'),
    site_id bigint NOT NULL,
    worker_id bigint,
    id_hash varchar(64) NOT NULL,
    day date NOT NULL,
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    events integer NOT NULL,
    PRIMARY KEY (site_id, id_hash, day)
) PARTITION BY RANGE (day);
ALTER SEQUENCE worksites_dailyattendance_id_seq OWNED BY worksites_dailyattendance.id;
CREATE INDEX worksites_dailyattendance_day_brin ON worksites_dailyattendance USING brin (day);
CREATE INDEX worksites_dailyattendance_worker ON worksites_dailyattendance (worker_id, day);

CREATE INDEX worksites_payment_paid_brin ON worksites_payment USING brin (paid_at);
"""

REVERSE = """
DROP TABLE worksites_clockevent; DROP TABLE worksites_dailyattendance;
DROP INDEX worksites_payment_paid_brin;
"""


class Migration(migrations.Migration):
    dependencies = [("worksites", "0002_workers_and_wages")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
