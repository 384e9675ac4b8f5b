"""Category icons: vendored SVGs instead of emoji (which Linux draws as empty boxes)."""

import importlib

from django.apps import apps as global_apps
from django.contrib.staticfiles import finders

from cerdas.complaints import icons, services
from cerdas.complaints.models import Category

migration = importlib.import_module("cerdas.complaints.migrations.0010_category_icon_names")


def test_every_icon_of_the_set_is_vendored_and_has_an_emoji_for_chats():
    for name, (label, emoji) in icons.ICONS.items():
        assert finders.find(f"{icons.FOLDER}/{name}.svg"), name
        assert str(label) and emoji
    assert set(icons.FROM_EMOJI.values()) <= set(icons.ICONS)


def test_inline_svg_is_hidden_from_screen_readers_and_unknown_names_fall_back():
    svg = icons.inline("bulb")
    assert svg.startswith("<svg ") and 'aria-hidden="true"' in svg and "<path" in svg
    assert "icon-tabler" not in svg  # the root element is ours, the drawing Tabler's
    assert icons.inline("no-such-icon") == icons.inline(icons.DEFAULT)
    assert icons.emoji("no-such-icon") == icons.ICONS[icons.DEFAULT][1]


def test_the_migration_maps_the_old_emoji_to_icons(city):
    Category.objects.filter(pk=city.road.pk).update(icon="🕳️")
    Category.objects.filter(pk=city.garbage.pk).update(icon="🗑️")
    Category.objects.filter(pk=city.confidential.pk).update(icon="🦄")  # no icon of its kind
    migration.emoji_to_names(global_apps, None)
    icons_now = dict(Category.objects.values_list("code", "icon"))
    assert icons_now["jalan-rusak"] == "road" and icons_now["sampah"] == "trash"
    assert icons_now[city.confidential.code] == icons.DEFAULT


def test_public_pages_draw_the_icon_not_the_emoji(client, city, submit):
    case = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    for path in ("/lapor/", "/pengaduan/", f"/lacak/{case.code}/"):
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200
        assert icons.inline("road") in html and "🕳" not in html, path


def test_the_report_form_offers_categories_as_tiles(client, city):
    html = client.get("/lapor/").content.decode()
    assert 'class="tiles"' in html and 'type="radio" name="category"' in html
    assert "<legend>" in html  # a group of radios is a fieldset with its legend


def test_the_admin_picks_an_icon_by_its_picture(client, city):
    client.force_login(city.admin)
    html = client.get(f"/admin/complaints/category/{city.road.pk}/change/").content.decode()
    assert 'name="icon" value="bulb"' in html and icons.inline("bulb") in html
    assert client.get("/admin/complaints/category/").status_code == 200
