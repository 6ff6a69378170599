"""Parsing of the OGC API items parameters: pure functions, no database."""

from datetime import datetime, timezone as tz

import pytest

from geo_server.errors import BadRequest
from layers.ogcapi.crs import CRS84, parse_crs
from layers.ogcapi.query import parse_bbox, parse_datetime


def test_it_reads_a_crs84_bbox_east_first():
    assert parse_bbox("113.2,23.1,113.4,23.2", CRS84).extent == (113.2, 23.1, 113.4, 23.2)


def test_it_reads_an_epsg_4326_bbox_latitude_first():
    bbox = parse_bbox("23.1,113.2,23.2,113.4", parse_crs("EPSG:4326"))
    assert bbox.extent == (113.2, 23.1, 113.4, 23.2) and bbox.srid == 4326


def test_it_rejects_an_inverted_or_out_of_range_bbox():
    for raw in ("113.4,23.1,113.2,23.2", "113.2,123.1,113.4,123.2"):
        with pytest.raises(BadRequest):
            parse_bbox(raw, CRS84)


def test_it_reads_datetime_instants_dates_and_open_intervals():
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=tz.utc)
    assert parse_datetime("2025-01-02T03:04:05Z") == (moment, moment)
    assert parse_datetime("2025-01-02T03:04:05Z/..") == (moment, None)
    assert parse_datetime("/2025-01-02T03:04:05Z") == (None, moment)
    start, end = parse_datetime("2025-01-02")
    assert (end - start).total_seconds() == pytest.approx(86400, abs=0.001)


def test_it_rejects_a_datetime_interval_without_a_closed_end_or_running_backwards():
    for raw in ("../..", "2025-02-01/2025-01-01"):
        with pytest.raises(BadRequest):
            parse_datetime(raw)


def test_it_accepts_only_allowlisted_crs():
    assert parse_crs("http://www.opengis.net/def/crs/EPSG/0/4547").srid == 4547
    for raw in ("EPSG:2385", "+proj=longlat", "http://example.com/crs"):
        with pytest.raises(BadRequest):
            parse_crs(raw)
