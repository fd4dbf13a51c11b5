"""A pen stroke's outline: the filled shape around its points, wider where the pen was
pressed harder. A port of perfect-freehand 1.2.3's getStroke (MIT licence, © 2021
Stephen Ruiz Ltd; static/vendor/perfect-freehand/LICENSE), which the page runs
itself (static/js/whiteboard.js) with the same options, so the server's SVG (the page
before its script, the export) draws a stroke as the page does.

Only what the board uses is ported: real pressure (never simulated from speed), round
caps, no tapers."""

import math
from functools import lru_cache

# The options both sides pass: size is the stroke's width.
THINNING = 0.5
SMOOTHING = 0.5
STREAMLINE = 0.5

FIXED_PI = math.pi + 0.0001
START_CAP_SEGMENTS = 13
END_CAP_SEGMENTS = 29
CORNER_CAP_SEGMENTS = 13
END_NOISE_THRESHOLD = 3
MIN_STREAMLINE_T = 0.15
STREAMLINE_T_RANGE = 0.85
MIN_RADIUS = 0.01
DEFAULT_FIRST_PRESSURE = 0.25
DEFAULT_PRESSURE = 0.5


def _lrp(a, b, t):
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _uni(a):
    length = math.hypot(a[0], a[1])
    return (a[0] / length, a[1] / length)


def _rot_around(a, c, r):
    s, co = math.sin(r), math.cos(r)
    px, py = a[0] - c[0], a[1] - c[1]
    return (px * co - py * s + c[0], px * s + py * co + c[1])


def _pressure(point, default):
    return point[2] if len(point) > 2 and point[2] >= 0 else default


def _steps(segments, inclusive_end):
    """JavaScript's `for (t = step; t <= 1; t += step)`, float steps and all, so both
    sides make the same number of points."""
    step = 1 / segments
    t = step
    while t <= 1 if inclusive_end else t < 1:
        yield t
        t += step


def stroke_points(points, size):
    """perfect-freehand's getStrokePoints with `last` set (a finished stroke)."""
    t = MIN_STREAMLINE_T + (1 - STREAMLINE) * STREAMLINE_T_RANGE
    pts = [tuple(p) for p in points]
    if len(pts) == 2:
        last = pts[1]
        pts = [pts[0], *(_lrp(pts[0], last, i / 4) for i in range(1, 5))]
    if len(pts) == 1:
        pts = [pts[0], (pts[0][0] + 1, pts[0][1] + 1, *pts[0][2:])]
    first = {
        "point": (pts[0][0], pts[0][1]),
        "pressure": _pressure(pts[0], DEFAULT_FIRST_PRESSURE),
        "vector": (1, 1),
        "distance": 0,
        "running": 0,
    }
    result = [first]
    reached_minimum = False
    running = 0
    prev = first
    last_index = len(pts) - 1
    for i in range(1, len(pts)):
        point = (pts[i][0], pts[i][1]) if i == last_index else _lrp(prev["point"], pts[i], t)
        if point == prev["point"]:
            continue
        distance = math.hypot(point[1] - prev["point"][1], point[0] - prev["point"][0])
        running += distance
        if i < last_index and not reached_minimum:
            if running < size:
                continue
            reached_minimum = True
        prev = {
            "point": point,
            "pressure": _pressure(pts[i], DEFAULT_PRESSURE),
            "vector": _uni((prev["point"][0] - point[0], prev["point"][1] - point[1])),
            "distance": distance,
            "running": running,
        }
        result.append(prev)
    first["vector"] = result[1]["vector"] if len(result) > 1 else (0, 0)
    return result


def outline(points, size):
    """The outline's points: getStrokeOutlinePoints with the board's options."""
    sps = stroke_points(points, size)
    if not sps or size <= 0:
        return []
    total = sps[-1]["running"]
    min_distance = (size * SMOOTHING) ** 2

    def radius_of(pressure):
        return size * (0.5 - THINNING * (0.5 - pressure))

    radius = radius_of(sps[-1]["pressure"])
    first_radius = None
    prev_vector = sps[0]["vector"]
    prev_left = prev_right = sps[0]["point"]
    temp_left = temp_right = prev_left
    prev_sharp = False
    left, right = [], []
    for i, sp in enumerate(sps):
        point, vector, running = sp["point"], sp["vector"], sp["running"]
        is_last = i == len(sps) - 1
        if not is_last and total - running < END_NOISE_THRESHOLD:
            continue
        radius = max(MIN_RADIUS, radius_of(sp["pressure"]))
        if first_radius is None:
            first_radius = radius
        next_vector = (sps[i + 1] if not is_last else sp)["vector"]
        next_dpr = vector[0] * next_vector[0] + vector[1] * next_vector[1] if not is_last else 1.0
        prev_dpr = vector[0] * prev_vector[0] + vector[1] * prev_vector[1]
        sharp = prev_dpr < 0 and not prev_sharp
        next_sharp = next_dpr < 0
        if sharp or next_sharp:
            offset = (prev_vector[1] * radius, -prev_vector[0] * radius)
            step = 1 / CORNER_CAP_SEGMENTS
            t = 0.0
            while t <= 1:
                temp_left = _rot_around(
                    (point[0] - offset[0], point[1] - offset[1]), point, FIXED_PI * t
                )
                left.append(temp_left)
                temp_right = _rot_around(
                    (point[0] + offset[0], point[1] + offset[1]), point, FIXED_PI * -t
                )
                right.append(temp_right)
                t += step
            prev_left, prev_right = temp_left, temp_right
            if next_sharp:
                prev_sharp = True
            continue
        prev_sharp = False
        if is_last:
            offset = (vector[1] * radius, -vector[0] * radius)
            left.append((point[0] - offset[0], point[1] - offset[1]))
            right.append((point[0] + offset[0], point[1] + offset[1]))
            continue
        mixed = _lrp(next_vector, vector, next_dpr)
        offset = (mixed[1] * radius, -mixed[0] * radius)
        temp_left = (point[0] - offset[0], point[1] - offset[1])
        if i <= 1 or _dist2(prev_left, temp_left) > min_distance:
            left.append(temp_left)
            prev_left = temp_left
        temp_right = (point[0] + offset[0], point[1] + offset[1])
        if i <= 1 or _dist2(prev_right, temp_right) > min_distance:
            right.append(temp_right)
            prev_right = temp_right
        prev_vector = vector

    first_point = sps[0]["point"]
    if len(sps) == 1:
        return _dot(first_point, first_radius or radius)
    last_point = sps[-1]["point"]
    start_cap = [
        _rot_around(right[0], first_point, FIXED_PI * t)
        for t in _steps(START_CAP_SEGMENTS, inclusive_end=True)
    ]
    last_vector = sps[-1]["vector"]
    direction = (-last_vector[1], last_vector[0])
    cap_start = (last_point[0] + direction[0] * radius, last_point[1] + direction[1] * radius)
    end_cap = [
        _rot_around(cap_start, last_point, FIXED_PI * 3 * t)
        for t in _steps(END_CAP_SEGMENTS, inclusive_end=False)
    ]
    return left + end_cap + right[::-1] + start_cap


def _dist2(a, b):
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _dot(center, radius):
    # The unit vector of (-1, 1): perpendicular to the (1, 1) offset perfect-freehand uses.
    unit = _uni((-1, 1))
    start = (center[0] - unit[0] * radius, center[1] - unit[1] * radius)
    return [
        _rot_around(start, center, FIXED_PI * 2 * t)
        for t in _steps(START_CAP_SEGMENTS, inclusive_end=True)
    ]


def _n(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def outline_path(outline_points):
    """SVG path data through the outline: quadratic curves through the midpoints of its
    points, closed (as static/js/whiteboard.js's outlinePath)."""
    if len(outline_points) < 4:
        return ""
    a, b = outline_points[0], outline_points[1]
    parts = [
        f"M{_n(a[0])} {_n(a[1])}Q{_n(b[0])} {_n(b[1])} {_n((b[0] + outline_points[2][0]) / 2)} "
        f"{_n((b[1] + outline_points[2][1]) / 2)}T"
    ]
    count = len(outline_points)
    for i in range(2, count - 1):
        p, q = outline_points[i], outline_points[i + 1]
        parts.append(f"{_n((p[0] + q[0]) / 2)} {_n((p[1] + q[1]) / 2)} ")
    parts.append("Z")
    return "".join(parts)


@lru_cache(maxsize=4096)
def _cached_path(points, size):
    return outline_path(outline(points, size))


def stroke_outline_path(points, size):
    """The path of a stroke of `points` ([x, y] or [x, y, pressure]) drawn `size`
    wide; the same stroke is worked out once per process."""
    return _cached_path(tuple(tuple(p) for p in points), size)
