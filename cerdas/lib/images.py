"""Check, re-encode and strip photos before anything stores them.

A phone photo carries the owner's GPS position, camera serial and time in EXIF. We
read the position once (to offer it as the report's location), then write a fresh
JPEG with no metadata at all, so nothing else survives.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
MAX_PIXELS = 40_000_000  # refuses decompression bombs long before memory runs out
MAX_SIDE = 1920  # enough to see a pothole; keeps a photo around 300 KB
GPS_IFD = 0x8825


class ImageError(ValueError):
    """The file is not a photo we accept. The message is for the citizen."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int
    gps: tuple[float, float] | None  # (lat, lon) from EXIF, if the camera recorded it


def _to_degrees(value) -> float:
    d, m, s = (float(x) for x in value)
    return d + m / 60 + s / 3600


def exif_gps(image: Image.Image) -> tuple[float, float] | None:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
        lat = _to_degrees(gps[2]) * (-1 if gps.get(1) == "S" else 1)
        lon = _to_degrees(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return round(lat, 6), round(lon, 6)


def clean_image(data: bytes, *, max_bytes: int) -> CleanImage:
    if len(data) > max_bytes:
        raise ImageError(f"Foto terlalu besar (maksimal {max_bytes // (1024 * 1024)} MB).")
    if not data:
        raise ImageError("File foto kosong.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageError("File ini bukan foto JPEG, PNG atau WebP.")
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageError("Resolusi foto terlalu besar.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            gps = exif_gps(image)
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            # Written without exif=..., and Pillow would still copy a comment (JPEG COM,
            # PNG/GIF text) from .info into the new file: drop it, no metadata carries over.
            image.info.clear()
            image.save(out, format="JPEG", quality=82, optimize=True)
            return CleanImage(out.getvalue(), image.width, image.height, gps)
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ImageError("File ini bukan foto yang bisa dibaca (JPEG, PNG atau WebP).") from None
