"""The server's port of perfect-freehand gives the outline the page's vendored copy
gives, point for point (run with Node.js where it is installed)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from groups.boards import freehand

VENDORED = Path(__file__).resolve().parents[2] / "static/vendor/perfect-freehand/index.js"
STROKES = [
    [[10, 10, 0.3], [20, 25, 0.5], [40, 30, 0.9], [60, 35, 0.4], [80, 60, 0.5], [90, 90, 0.7]],
    [[5, 5]],
    [[5, 5], [300, 200]],
    [[100 + i * 7, 200 + (i % 5) * 9, round(i / 40, 2)] for i in range(40)],
    [[100, 100, 0.5], [200, 100, 0.5], [100, 101, 0.5], [200, 102, 0.5]],  # sharp turns
]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("size", [2, 8, 40])
def test_the_port_draws_the_outline_the_page_draws(size):
    script = (
        f"import({json.dumps(VENDORED.as_uri())}).then((m) => console.log(JSON.stringify("
        f"{json.dumps(STROKES)}.map((points) => m.getStroke(points, {{size: {size}, "
        "thinning: 0.5, smoothing: 0.5, streamline: 0.5, simulatePressure: false, "
        "last: true})))))"
    )
    result = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=30
    )
    expected = json.loads(result.stdout)
    for points, outline in zip(STROKES, expected, strict=True):
        ported = freehand.outline(points, size)
        assert len(ported) == len(outline)
        for (x, y), (ex, ey) in zip(ported, outline, strict=True):
            assert x == pytest.approx(ex, abs=1e-9) and y == pytest.approx(ey, abs=1e-9)
