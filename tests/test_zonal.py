"""layers.zonal on hand-made 4x4 GeoTIFFs whose every cell value is known; no database.

The grid: 0.01° cells from 113.00E to 113.04E and 23.04N down to 23.00N, values row by row

     1   2   3   4        cell centres: lon 113.005 + 0.01·col
     5   6   7   8                      lat 23.035 - 0.01·row
     9  10  11  12
    13  14  15  --        (-- = nodata)
"""

import numpy as np
import pytest
import rasterio
from django.contrib.gis.geos import GEOSGeometry
from rasterio.transform import from_origin
from shapely.geometry import LineString, Point, box

from layers.zonal import zonal_stats_of_file

NODATA = -9999.0
GRID = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, NODATA]], dtype=np.float32)


def write_grid(path, values=GRID, nodata=NODATA):
    profile = {"driver": "GTiff", "width": 4, "height": 4, "count": 1, "dtype": "float32", "crs": "EPSG:4326",
               "transform": from_origin(113.0, 23.04, 0.01, 0.01), "nodata": nodata}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return path


@pytest.fixture
def grid(tmp_path):
    return write_grid(tmp_path / "grid.tif")


def stats(path, geometry, threshold=None, **options):
    (result,) = zonal_stats_of_file(path, [geometry], threshold, **options)
    return result


def test_it_summarises_the_cells_whose_centres_a_polygon_covers(grid):
    # Covers the centres of 1, 2, 5 and 6 and no other.
    result = stats(grid, box(113.004, 23.024, 113.016, 23.036), threshold=4)

    assert result == {"mean": 3.5, "min": 1.0, "max": 6.0, "count": 4, "share_above": 0.5}


def test_it_counts_only_values_strictly_above_the_threshold(grid):
    result = stats(grid, box(113.004, 23.024, 113.016, 23.036), threshold=5)

    assert result["share_above"] == 0.25


def test_it_ignores_nodata_cells(grid):
    # The bottom-right 2x2 block: 11, 12, 15 and the nodata cell.
    result = stats(grid, box(113.02, 23.0, 113.04, 23.02))

    assert result == {"mean": pytest.approx(38 / 3), "min": 11.0, "max": 15.0, "count": 3, "share_above": None}


def test_it_ignores_nan_cells_in_float_rasters_without_a_nodata_value(tmp_path):
    values = GRID.copy()
    values[3, 3] = np.nan
    path = write_grid(tmp_path / "nan.tif", values, nodata=None)

    assert stats(path, box(113.02, 23.0, 113.04, 23.02))["count"] == 3


def test_it_takes_the_pixel_under_a_polygon_smaller_than_a_pixel(grid):
    # Inside the cell of 7 (lon 113.02-113.03, lat 23.02-23.03) without reaching its centre.
    result = stats(grid, box(113.021, 23.021, 113.024, 23.024), threshold=6.5)

    assert result == {"mean": 7.0, "min": 7.0, "max": 7.0, "count": 1, "share_above": 1.0}


def test_it_finds_nothing_in_a_tiny_polygon_over_nodata(grid):
    result = stats(grid, box(113.031, 23.001, 113.034, 23.004))

    assert result == {"mean": None, "min": None, "max": None, "count": 0, "share_above": None}


def test_it_counts_touched_cells_only_when_asked(grid):
    # Centres of 6, 7, 10, 11 inside; the box reaches into the column of 8 and 12 without their centres.
    polygon = box(113.012, 23.012, 113.032, 23.028)

    assert stats(grid, polygon) | {"share_above": None} == {
        "mean": 8.5, "min": 6.0, "max": 11.0, "count": 4, "share_above": None}
    assert stats(grid, polygon, all_touched=True)["count"] == 6
    assert stats(grid, polygon, all_touched=True)["mean"] == 9.0


def test_it_buffers_a_point_by_metres_in_a_projected_crs(grid):
    centre_of_6 = Point(113.015, 23.025)
    # Neighbours are 1,025 m (east-west) and 1,107 m (north-south) away; diagonals 1,508 m.
    assert stats(grid, centre_of_6, buffer_m=100) == {"mean": 6.0, "min": 6.0, "max": 6.0, "count": 1,
                                                      "share_above": None}
    assert stats(grid, centre_of_6, buffer_m=1300) == {"mean": 6.0, "min": 2.0, "max": 10.0, "count": 5,
                                                       "share_above": None}


def test_it_samples_the_pixel_under_a_point_without_a_buffer(grid):
    assert stats(grid, Point(113.038, 23.011), buffer_m=0)["mean"] == 12.0


def test_it_buffers_a_line_along_its_length(grid):
    along_the_top_row = LineString([(113.005, 23.035), (113.035, 23.035)])

    result = stats(grid, along_the_top_row, buffer_m=100)

    assert (result["count"], result["mean"], result["min"], result["max"]) == (4, 2.5, 1.0, 4.0)


def test_it_samples_the_cells_a_line_crosses_without_a_buffer(grid):
    down_the_second_column = LineString([(113.015, 23.039), (113.015, 23.001)])

    result = stats(grid, down_the_second_column, buffer_m=0)

    assert (result["count"], result["min"], result["max"]) == (4, 2.0, 14.0)


def test_it_returns_empty_statistics_outside_the_raster(grid):
    assert stats(grid, box(114.0, 24.0, 114.1, 24.1))["count"] == 0


def test_it_keeps_the_input_order_and_accepts_geos_in_any_srid(grid):
    cell_of_1 = GEOSGeometry(box(113.001, 23.031, 113.009, 23.039).wkt, srid=4326)
    cell_of_16_gk = GEOSGeometry("POINT(113.038 23.011)", srid=4326).transform(4547, clone=True)

    results = zonal_stats_of_file(grid, [box(113.024, 23.014, 113.026, 23.016), cell_of_1, cell_of_16_gk],
                                  buffer_m=0)

    assert [r["mean"] for r in results] == [11.0, 1.0, 12.0]


def test_it_answers_an_empty_list_with_an_empty_list(grid):
    assert zonal_stats_of_file(grid, []) == []
