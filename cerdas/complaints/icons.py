"""The icons a category can have: a small set of Tabler's outline SVGs, vendored in
static/vendor/tabler-icons-<version>/outline/ (static/vendor/README.md).

Emoji were used before; on a phone or a Linux desktop without a colour-emoji font they
show as empty boxes. An SVG draws the same everywhere, in the text's colour, and takes
a label for screen readers from the category's name beside it. The text channels
(WhatsApp, Telegram) still get an emoji: there the phone draws it.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

FOLDER = "vendor/tabler-icons-3.51.0/outline"
DEFAULT = "tag"

# name: (what it shows, for the admin's list; the emoji for text channels)
ICONS = {
    "road": (_("Jalan"), "🛣️"),
    "barrier-block": (_("Pembatas jalan"), "🚧"),
    "traffic-cone": (_("Kerucut lalu lintas"), "🚧"),
    "bulldozer": (_("Alat berat / pekerjaan umum"), "🚜"),
    "pipeline": (_("Saluran / pipa"), "🚰"),
    "droplet": (_("Air bersih"), "💧"),
    "flood": (_("Banjir"), "🌊"),
    "cloud-rain": (_("Hujan / cuaca"), "🌧️"),
    "trash": (_("Sampah"), "🗑️"),
    "recycle": (_("Daur ulang"), "♻️"),
    "bulb": (_("Lampu"), "💡"),
    "lamp": (_("Lampu taman"), "💡"),
    "traffic-lights": (_("Lampu lalu lintas"), "🚦"),
    "road-sign": (_("Rambu jalan"), "🚸"),
    "parking": (_("Parkir"), "🅿️"),
    "car": (_("Kendaraan"), "🚗"),
    "bus": (_("Angkutan umum"), "🚌"),
    "motorbike": (_("Sepeda motor"), "🏍️"),
    "bike": (_("Sepeda"), "🚲"),
    "building-store": (_("Toko / PKL"), "🏪"),
    "tree": (_("Pohon"), "🌳"),
    "trees": (_("Taman / hutan kota"), "🌲"),
    "plant": (_("Tanaman"), "🌱"),
    "id": (_("Kartu identitas"), "🪪"),
    "file-certificate": (_("Surat / sertifikat"), "📄"),
    "building-hospital": (_("Rumah sakit / puskesmas"), "🏥"),
    "first-aid-kit": (_("Pertolongan pertama"), "🩹"),
    "stethoscope": (_("Layanan kesehatan"), "🩺"),
    "heart-handshake": (_("Bantuan sosial"), "🤝"),
    "users": (_("Warga / kelompok"), "👥"),
    "school": (_("Sekolah"), "🏫"),
    "book": (_("Buku / perpustakaan"), "📚"),
    "ban": (_("Larangan"), "🚫"),
    "cash-off": (_("Pungutan liar"), "💸"),
    "speakerphone": (_("Pengumuman / lainnya"), "📢"),
    "alert-triangle": (_("Bahaya"), "⚠️"),
    "flame": (_("Kebakaran"), "🔥"),
    "bolt": (_("Listrik"), "⚡"),
    "wifi": (_("Internet"), "📶"),
    "volume": (_("Kebisingan"), "🔊"),
    "dog": (_("Hewan"), "🐕"),
    "bug": (_("Hama / nyamuk"), "🦟"),
    "spray": (_("Pengasapan / disinfeksi"), "🧴"),
    "building": (_("Gedung"), "🏢"),
    "home": (_("Rumah / permukiman"), "🏠"),
    "building-bridge": (_("Jembatan"), "🌉"),
    "wheelchair": (_("Disabilitas / aksesibilitas"), "♿"),
    "shield": (_("Keamanan"), "🛡️"),
    "fence": (_("Pagar / bangunan liar"), "🚧"),
    "wind": (_("Angin / udara"), "💨"),
    "help-circle": (_("Pertanyaan"), "❓"),
    "tag": (_("Umum"), "🏷️"),
}

CHOICES = [(name, label) for name, (label, _emoji) in ICONS.items()]

# The emoji the categories had before the icons (migration complaints/0008), and what an
# import may still bring: each to the icon that shows the same thing.
FROM_EMOJI = {
    "🕳": "road",
    "🛣": "road",
    "🚧": "barrier-block",
    "🌊": "flood",
    "💧": "droplet",
    "🚰": "pipeline",
    "🗑": "trash",
    "♻": "recycle",
    "💡": "bulb",
    "🚦": "traffic-lights",
    "🚥": "traffic-lights",
    "🅿": "parking",
    "🚗": "car",
    "🚌": "bus",
    "🏪": "building-store",
    "🌳": "tree",
    "🌲": "trees",
    "🪪": "id",
    "📄": "file-certificate",
    "🏥": "building-hospital",
    "🤝": "heart-handshake",
    "🏫": "school",
    "🚫": "ban",
    "💸": "cash-off",
    "📢": "speakerphone",
    "⚠": "alert-triangle",
    "🔥": "flame",
    "⚡": "bolt",
    "🐕": "dog",
    "🦟": "bug",
    "🏠": "home",
    "🏢": "building",
    "♿": "wheelchair",
}


def from_emoji(text: str) -> str:
    """The icon for an emoji (variation selectors ignored), else the default."""
    return FROM_EMOJI.get(text.replace("\ufe0f", "").strip(), DEFAULT)


def known(name: str) -> str:
    return name if name in ICONS else DEFAULT


def emoji(name: str) -> str:
    return ICONS[known(name)][1]


def url(name: str) -> str:
    """The icon's static URL (hashed in production), for pages that draw it in script."""
    return static(f"{FOLDER}/{known(name)}.svg")


def catalogue() -> dict[str, str]:
    """Icon name -> URL for the categories' icons (and the default): what a page that
    draws categories in script (the wall, the map's pop-ups) puts in a JSON block."""
    from .models import Category  # the model imports this module

    names = {known(n) for n in Category.objects.values_list("icon", flat=True)} | {DEFAULT}
    return {name: url(name) for name in sorted(names)}


@cache
def _svg(name: str) -> str:
    path = finders.find(f"{FOLDER}/{name}.svg")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    # The vendored files are Tabler's, unchanged; only their root element is rewritten:
    # sized by the text, hidden from screen readers (the category's name is beside it).
    body = text[text.index(">", text.index("<svg")) + 1 :]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" '
        'stroke-linejoin="round" width="1.25em" height="1.25em" class="icon" aria-hidden="true" '
        'focusable="false">' + body
    )


def inline(name: str, css_class: str = "") -> SafeString:
    """The icon as inline SVG markup: no extra request, and it takes the text's colour."""
    svg = _svg(known(name))
    if css_class:
        svg = svg.replace('class="icon"', format_html('class="icon {}"', css_class), 1)
    return mark_safe(" ".join(svg.split()))  # noqa: S308 - our own vendored files
