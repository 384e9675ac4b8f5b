"""Small helpers shared by the browser tests."""

import math

from playwright.sync_api import Page

OUTLINES = "#map .leaflet-overlay-pane path"


def wait_for_map_idle(page: Page) -> None:
    """Wait until the map stops moving (fitBounds, pans and zooms are animated)."""
    page.wait_for_function(
        """() => {
            const el = document.getElementById("map");
            const pane = el.querySelector(".leaflet-map-pane");
            const proxy = el.querySelector(".leaflet-proxy");
            const now = pane.style.transform + "|" + (proxy ? proxy.style.transform : "");
            const same = el.dataset.lastTransform === now;
            el.dataset.lastTransform = now;
            return same && !el.classList.contains("leaflet-zoom-anim");
        }""",
        polling=150,
    )


def wait_for_outlines(page: Page, minimum: int = 50) -> int:
    """Wait until the kelurahan outlines are drawn and the map stopped moving."""
    page.wait_for_function(f"n => document.querySelectorAll('{OUTLINES}').length > n", arg=minimum)
    wait_for_map_idle(page)
    return page.locator(OUTLINES).count()


def picked(page: Page) -> tuple[float, float] | None:
    lat = page.input_value("#id_latitude")
    lon = page.input_value("#id_longitude")
    return (float(lat), float(lon)) if lat and lon else None


def _on_pin(page: Page, x: float, y: float) -> bool:
    return page.locator("#map").evaluate(
        """(el, [x, y]) => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + x, r.top + y);
            return !!hit && hit.classList.contains("leaflet-marker-icon");
        }""",
        [x, y],
    )


def click_map(page: Page, x: float, y: float) -> tuple[float, float]:
    """A real click on the map at (x, y) CSS pixels of the map box; returns the pin."""
    page.locator("#map").scroll_into_view_if_needed()
    if _on_pin(page, x, y):  # the pin would take the click: move it out of the way
        box = page.locator("#map").bounding_box()
        click_map(page, box["width"] - 60 if x < box["width"] / 2 else 60, y)
    before = page.input_value("#id_latitude") + "," + page.input_value("#id_longitude")
    page.locator("#map").click(position={"x": x, "y": y})
    page.wait_for_function(
        "b => document.getElementById('id_latitude').value && "
        "document.getElementById('id_latitude').value + ',' + "
        "document.getElementById('id_longitude').value !== b",
        arg=before,
    )
    point = picked(page)
    assert point is not None
    return point


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[0] + b[0]) / 2)
    dy = (a[0] - b[0]) * 111_320
    dx = (a[1] - b[1]) * 111_320 * math.cos(lat)
    return math.hypot(dx, dy)


def _pixel_of(page: Page, target: tuple[float, float]) -> tuple[float, float]:
    """Where `target` is on the map, from two real clicks (the Leaflet map is not global):
    the centre, then a point down and right of it, give the Web Mercator projection."""
    box = page.locator("#map").bounding_box()
    cx, cy = box["width"] / 2, box["height"] / 2
    centre = click_map(page, cx, cy)
    offset = min(cx, cy) * 0.6
    corner = click_map(page, cx + offset, cy + offset)
    px_per_degree = offset / (corner[1] - centre[1])
    px_per_radian = px_per_degree * 180 / math.pi
    x = cx + (target[1] - centre[1]) * px_per_degree
    y = cy - (_mercator(target[0]) - _mercator(centre[0])) * px_per_radian
    assert 0 < x < box["width"] and 0 < y < box["height"], (
        f"{target} is outside the visible map: ({x:.0f}, {y:.0f}) in {box}"
    )
    return x, y


def _drag_map(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Pan by dragging, slowly at the end so that Leaflet adds no inertia."""
    box = page.locator("#map").bounding_box()
    left, top = box["x"], box["y"]
    page.mouse.move(left + start[0], top + start[1])
    page.mouse.down()
    page.mouse.move(left + end[0] + 4, top + end[1] + 4, steps=8)
    page.wait_for_timeout(120)
    page.mouse.move(left + end[0], top + end[1])
    page.wait_for_timeout(50)
    page.mouse.up()
    wait_for_map_idle(page)


def pick_on_map(
    page: Page,
    target: tuple[float, float],
    *,
    zoom_in: int = 3,
    tolerance_m: float = 40,
    outlines: int = 50,
) -> tuple[float, float]:
    """Put the pin on `target` the way a citizen would: find the place, drag it to the
    middle, zoom in with the + button, then tap it. Returns the picked (lat, lon).
    `outlines`: how many kelurahan outlines to wait for (a small city has fewer)."""
    wait_for_outlines(page, outlines)
    page.locator("#map").scroll_into_view_if_needed()
    box = page.locator("#map").bounding_box()
    assert box["width"] > 100 and box["height"] > 100, box
    centre = (box["width"] / 2, box["height"] / 2)
    x, y = _pixel_of(page, target)
    if _on_pin(page, x, y):
        click_map(page, *centre)
    _drag_map(page, (x, y), centre)
    for _ in range(zoom_in):
        zoom_in_once(page)
    point = click_map(page, *_pixel_of(page, target))
    assert distance_m(point, target) < tolerance_m, (point, target)
    return point


def zoom_in_once(page: Page) -> None:
    """Press + and wait until the map is one level closer and still. Leaflet drops a zoom
    asked for while the previous one is still animating, so a second press must wait."""
    before = page.evaluate("() => window.cerdasMap.getZoom()")
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(
        "z => window.cerdasMap.getZoom() === z + 1 && !window.cerdasMap._animatingZoom",
        arg=before,
        polling=50,
    )
    wait_for_map_idle(page)
