"""Pure, seeded geometry generators for the demo data (numpy + shapely, no database)."""

import numpy as np
import shapely
from shapely.ops import substring

# Metres per degree near Guangzhou (23.1°N): good to ~1% across the city, enough for synthetic shapes.
M_PER_DEG_Y = 110_700.0


def m_per_deg_x(lat: np.ndarray | float) -> np.ndarray | float:
    return 111_320.0 * np.cos(np.radians(lat))


def sample_points(rng: np.random.Generator, polygon: shapely.Geometry, n: int) -> np.ndarray:
    """n uniform points inside a polygon, by rejection from its bounding box; shape (n, 2)."""
    if n == 0:
        return np.empty((0, 2))
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    fill = max(polygon.area / ((maxx - minx) * (maxy - miny)), 0.02)
    found: list[np.ndarray] = []
    have = 0
    while have < n:
        want = int((n - have) / fill * 1.3) + 16
        xs = rng.uniform(minx, maxx, want)
        ys = rng.uniform(miny, maxy, want)
        inside = shapely.contains_xy(polygon, xs, ys)
        batch = np.column_stack([xs[inside], ys[inside]])
        found.append(batch)
        have += len(batch)
    return np.concatenate(found)[:n]


def sample_weighted(rng: np.random.Generator, polygons: list, weights: np.ndarray, n: int):
    """n points spread over polygons in proportion to weights; returns (points, polygon index)."""
    counts = rng.multinomial(n, weights / weights.sum())
    points, owners = [], []
    for index, count in enumerate(counts):
        if count:
            points.append(sample_points(rng, polygons[index], int(count)))
            owners.append(np.full(count, index))
    return np.concatenate(points), np.concatenate(owners)


def oriented_boxes(centres: np.ndarray, width_m, depth_m, angle) -> np.ndarray:
    """Rectangles (w x d metres, rotated by angle radians) around centres, as shapely polygons."""
    half = np.stack([np.asarray(width_m) / 2, np.asarray(depth_m) / 2], axis=-1)
    unit = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]], dtype=float)
    local = unit[None, :, :] * half[:, None, :]
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    east = local[..., 0] * cos - local[..., 1] * sin
    north = local[..., 0] * sin + local[..., 1] * cos
    lon = centres[:, 0:1] + east / m_per_deg_x(centres[:, 1:2])
    lat = centres[:, 1:2] + north / M_PER_DEG_Y
    return shapely.polygons(np.stack([lon, lat], axis=-1))


def jittered_boxes(rng, centres: np.ndarray, width_m, depth_m, angle, jitter: float) -> np.ndarray:
    """Like oriented_boxes but each corner moved by up to jitter x the size: irregular plots."""
    boxes = oriented_boxes(centres, width_m, depth_m, angle)
    coords = shapely.get_coordinates(boxes).reshape(len(centres), 5, 2)
    scale = np.stack([np.asarray(width_m) / m_per_deg_x(centres[:, 1]), np.asarray(depth_m) / M_PER_DEG_Y], axis=-1)
    noise = rng.uniform(-jitter, jitter, (len(centres), 4, 2)) * scale[:, None, :]
    coords[:, :4, :] += noise
    coords[:, 4, :] = coords[:, 0, :]
    return shapely.polygons(coords)


def line_length_m(line: shapely.Geometry) -> float:
    coords = shapely.get_coordinates(line)
    dx = np.diff(coords[:, 0]) * m_per_deg_x(coords[:-1, 1])
    dy = np.diff(coords[:, 1]) * M_PER_DEG_Y
    return float(np.hypot(dx, dy).sum())


def split_line(line: shapely.Geometry, target_m: float) -> list[shapely.Geometry]:
    """Cut a line into pieces of about target_m metres (the last piece absorbs the remainder)."""
    total = line_length_m(line)
    pieces = max(1, round(total / target_m))
    cuts = np.linspace(0.0, 1.0, pieces + 1)
    return [substring(line, a, b, normalized=True) for a, b in zip(cuts[:-1], cuts[1:])]


def meander(rng: np.random.Generator, start: np.ndarray, heading: float, segments: int, step_m) -> np.ndarray:
    """A random-walk polyline from start; the heading drifts a little at each vertex."""
    points = [start]
    for _ in range(segments):
        heading += rng.normal(0.0, 0.35)
        step = rng.uniform(*step_m)
        last = points[-1]
        points.append(last + np.array([np.cos(heading) * step / m_per_deg_x(last[1]), np.sin(heading) * step / M_PER_DEG_Y]))
    return np.array(points)


def offset_from_line(rng, line: shapely.Geometry, distance_m: tuple[float, float]):
    """A point beside a line (left or right, within distance_m) and the line's bearing there."""
    fraction = rng.uniform(0.05, 0.95)
    at = shapely.line_interpolate_point(line, fraction, normalized=True)
    ahead = shapely.line_interpolate_point(line, min(fraction + 0.01, 1.0), normalized=True)
    x0, y0 = at.x, at.y
    bearing = np.arctan2((ahead.y - y0) * M_PER_DEG_Y, (ahead.x - x0) * m_per_deg_x(y0))
    side = rng.choice([-1.0, 1.0]) * rng.uniform(*distance_m)
    normal = bearing + np.pi / 2
    point = np.array([x0 + np.cos(normal) * side / m_per_deg_x(y0), y0 + np.sin(normal) * side / M_PER_DEG_Y])
    return point, bearing
