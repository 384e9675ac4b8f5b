"""Offline first: the report form opens without network, a report filed offline (photo
included) waits in the phone and is sent once when the network returns."""

import pytest
from playwright.sync_api import expect

from cerdas.complaints.models import Complaint, ComplaintPhoto
from conftest import camera_jpeg

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}
DESCRIPTION = "Lampu jalan mati di depan SD Negeri 5, gelap sekali tiap malam."


def test_report_filed_offline_is_sent_once_when_back_online(new_page, city, tmp_path, screenshots):
    phone = new_page(phone=True)
    phone.set_viewport_size(SMALL_PHONE)
    phone.goto("/lapor/")
    # The worker installs (it caches the form and its files) and takes the page over.
    phone.wait_for_function(
        "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
    )

    phone.context.set_offline(True)
    phone.reload()  # no network: the worker's copy of the form
    expect(phone.locator("form.report-form")).to_be_visible()

    phone.locator(".tiles").get_by_label(city.road.name).check()
    phone.fill("#id_description", DESCRIPTION)
    phone.fill("#id_address", "Jl. Sam Ratulangi depan SD Negeri 5")
    photo = tmp_path / "kamera.jpg"
    photo.write_bytes(camera_jpeg())
    original = photo.stat().st_size
    phone.set_input_files("#id_photos", photo)
    expect(phone.locator(".photo-preview img")).to_have_count(1)
    sent_size = phone.evaluate("document.getElementById('id_photos').files[0].size")
    assert sent_size <= 400 * 1024 < original, (sent_size, original)
    phone.locator("form.report-form button[type=submit]").click()

    outbox = phone.locator("#outbox")
    expect(outbox).to_be_visible()
    expect(outbox).to_contain_text("Menunggu jaringan")
    expect(outbox.locator("[data-count]")).to_have_text("1")
    screenshots.save(phone, "offline-1-waiting.png")
    assert not Complaint.objects.filter(description=DESCRIPTION).exists()

    phone.context.set_offline(False)
    expect(phone.locator("#outbox-sent a")).to_have_count(1)
    expect(outbox).to_be_hidden()
    screenshots.save(phone, "offline-2-sent.png")
    [complaint] = Complaint.objects.filter(description=DESCRIPTION)
    assert ComplaintPhoto.objects.filter(complaint=complaint).count() == 1
    expect(phone.locator("#outbox-sent a")).to_contain_text(complaint.code)

    # Back online again, and a reload: nothing left to send, still one case.
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.reload()
    phone.wait_for_timeout(500)
    assert Complaint.objects.filter(description=DESCRIPTION).count() == 1
    assert phone.errors == [], phone.errors
