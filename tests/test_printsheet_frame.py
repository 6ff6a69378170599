"""The print sheet's pure geometry, hand-checked: the frame's fit, the scale, the bar, the grid labels."""

import math

import pytest

from layers.printsheet.frame import dms, fit, graticule, map_box, mercator_latitude, mercator_y, nice_length, scale_bar


def test_the_map_box_leaves_room_for_margins_header_and_panel():
    # A4 landscape 297 x 210: 297 - 2*8 - 74 - 4 = 203 wide, 210 - 2*8 - 16 - 6 = 172 high.
    assert map_box("a4") == (203.0, 172.0)
    # A3 landscape 420 x 297: 420 - 16 - 90 - 4 = 310, 297 - 16 - 16 - 6 = 259.
    assert map_box("a3") == (310.0, 259.0)


def test_a_square_at_the_equator_fits_the_height_and_reads_its_scale():
    frame = fit("a4", (-5000.0, -5000.0, 5000.0, 5000.0))
    # 10 km padded 4 % each side = 10.8 km on 172 mm: 62.79 m of ground per mm at the equator.
    assert frame.s == pytest.approx(172 / 10_800)
    assert frame.ground_metres_per_mm == pytest.approx(62.79, abs=0.01)
    assert frame.scale_denominator == 62_800
    assert frame.to_paper(-5000, 5000)[1] == pytest.approx(172 * 0.04 / 1.08)  # the top edge, padded
    bar = scale_bar(frame)  # 40 mm would be 2,512 m: the round length below is 2 km, 31.85 mm long
    assert (bar.metres, bar.label) == (2000, "2 km")
    assert bar.length_mm == pytest.approx(31.85, abs=0.01)


def test_at_guangzhou_the_ground_shrinks_by_the_cosine_of_the_latitude():
    y = mercator_y(23.13)
    frame = fit("a4", (12_600_000.0, y - 5000, 12_610_000.0, y + 5000))
    assert frame.centre_latitude == pytest.approx(23.13, abs=1e-6)
    assert frame.ground_metres_per_mm == pytest.approx(62.79 * math.cos(math.radians(23.13)), abs=0.01)  # 57.76
    assert scale_bar(frame, 10).label == "500 m"  # 10 mm = 577.6 m


@pytest.mark.parametrize(("metres", "nice"), [(2512, 2000), (1999, 1000), (5000, 5000), (0.73, 0.5), (96, 50)])
def test_scale_lengths_round_down_to_1_2_5(metres, nice):
    assert nice_length(metres) == pytest.approx(nice)


def test_grid_labels_in_degrees_minutes_and_seconds():
    assert dms(113.25, "E", "W") == "113°15′E"
    assert dms(23.125, "N", "S") == "23°07′30″N"
    assert dms(-0.5, "N", "S") == "0°30′S"
    assert mercator_latitude(mercator_y(23.13)) == pytest.approx(23.13)


def test_the_grid_steps_to_a_round_interval_inside_the_frame():
    y = mercator_y(23.13)
    frame = fit("a4", (12_600_000.0, y - 5000, 12_610_000.0, y + 5000))
    lines = graticule(frame)
    meridians = [line for line in lines if line.axis == "lon"]
    # The frame spans 113.1752°E-113.2897°E (12,746 m of Mercator x) and 0.089° of latitude: the first
    # step giving at most 5 lines over the shorter span is 0.02° (1′12″), from 113.18° = 113°10′48″.
    assert [line.label for line in meridians] == ["113°10′48″E", "113°12′E", "113°13′12″E", "113°14′24″E",
                                                  "113°15′36″E", "113°16′48″E"]
    assert all(0 <= line.position <= frame.width for line in meridians)
    assert all(0 <= line.position <= frame.height for line in lines if line.axis == "lat")


def test_hazard_markers_on_one_spot_are_set_side_by_side():
    from layers.printsheet.drawing import spread

    placed = [(10.0, 10.0)]
    assert spread((10.0, 10.0), placed) == pytest.approx((14.2, 10.0))
    placed.append((14.2, 10.0))
    assert spread((11.0, 10.0), placed) == pytest.approx((19.4, 10.0))  # 15.2 is 1 mm from the second: one step more
    assert spread((10.0, 20.0), placed) == (10.0, 20.0)  # 10 mm away: where it is
