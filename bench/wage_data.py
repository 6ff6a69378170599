"""Synthetic attendance rows for the ingestion benchmark, written as NDJSON (optionally gzipped).

    .venv/bin/python bench/wage_data.py --rows 1000000 --out /tmp/attendance.ndjson [--sites CS0000000,CS0000001]

Deterministic: row i of a seed is always the same. Persons are a pool of 20,000 valid ID numbers,
each clocking in and out once a day of one month (--month, default 2026-09; past 28 days the days
repeat, with new event ids) on the sites given (default the first 50 demo sites). Event ids carry
the seed, so runs with other seeds add new rows.
"""

import argparse
import gzip
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo_server.sectors.worksites.identity import with_check_digit  # noqa: E402

CST = timezone(timedelta(hours=8))
PERSONS = 20_000


def persons() -> list[str]:
    return [with_check_digit(f"4401{i % 20:02d}19{70 + i % 30:02d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}")
            for i in range(PERSONS)]


def attendance_lines(rows: int, sites: list[str], month: str = "2026-09", seed: int = 1):
    """NDJSON lines (bytes) of `rows` clock events: each person-day an in (about 7:30) and an out
    (about 17:30), as gates record them; persons stay on one site."""
    ids = persons()
    start = datetime.fromisoformat(f"{month}-01T07:00:00").replace(tzinfo=CST)
    for i in range(rows):
        person_day, out = divmod(i, 2)
        day, person = divmod(person_day, PERSONS)
        at = start + timedelta(days=day % 28, minutes=(person % 60) + 600 * out)
        yield (f'{{"event_id":"bench:{seed}:{i}","site":"{sites[person % len(sites)]}","id_number":"{ids[person]}",'
               f'"device":"GATE-{person % 4 + 1}","method":"{"face" if person % 5 else "fingerprint"}",'
               f'"at":"{at.isoformat()}"}}\n').encode()


def write(path: Path, rows: int, sites: list[str], month: str, seed: int) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    size = 0
    with opener(path, "wb") as out:
        for line in attendance_lines(rows, sites, month, seed):
            out.write(line)
            size += len(line)
    return size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--sites", default=",".join(f"CS{i:07d}" for i in range(50)))
    parser.add_argument("--month", default="2026-09")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = write(Path(args.out), args.rows, args.sites.split(","), args.month, args.seed)
    print(f"{args.rows} rows, {size / 1e6:.1f} MB of NDJSON in {args.out}")


if __name__ == "__main__":
    main()
