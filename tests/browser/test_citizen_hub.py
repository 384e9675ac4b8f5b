"""A citizen on a 360x740 phone, from an empty phone to a rated case, moving only through
the links in the e-mails Cerdas sends, while staff move the case along."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from cerdas.complaints import services
from cerdas.complaints.models import Action, Complaint, State
from cerdas.notifications.services import notifications_deliver_due
from conftest import jpeg_bytes

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}
EMAIL = "meiske.tumbelaka@example.com"
LINK = re.compile(r"https?://\S+")


def _mails_since(count: int) -> list:
    notifications_deliver_due()  # the worker's job: the outbox sends through the mail backend
    return [m for m in mail.outbox[count:] if EMAIL in m.to]


def _link_in(message, base: str) -> str:
    links = [u for u in LINK.findall(message.body) if "/lacak/" in u]
    assert links, message.body
    link = links[0]
    assert link.startswith(base + "/lacak/") and "?k=" in link, link  # private, right port
    return link


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"{page.url} is {width}px wide"


def _submit(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{selector} button[type=submit]").first.click()


def test_citizen_closes_the_loop_from_the_links_in_the_notices(
    new_page, city, settings, live_server, tmp_path, screenshots
):
    settings.CERDAS_BASE_URL = live_server.url
    phone = new_page(phone=True)
    phone.set_viewport_size(SMALL_PHONE)

    # 1. File a report with only an e-mail to be told at.
    phone.goto("/lapor/")
    phone.locator(".tiles").get_by_label(city.road.name).check()
    phone.fill("#id_description", "Lubang besar di depan Gereja Sentrum, motor sering jatuh.")
    phone.fill("#id_address", "Jl. Sam Ratulangi depan Gereja Sentrum")
    phone.set_input_files("#id_photos", _jpeg(tmp_path, "lubang.jpg"))
    phone.fill("#id_reporter_email", EMAIL)
    _submit(phone, "form.report-form")
    code = phone.locator("#tracking-code").inner_text().strip()
    complaint = Complaint.objects.get(code=code)
    expect(phone.locator("#open-hub")).to_have_attribute("href", re.compile(r"\?k="))
    _fits(phone)
    screenshots.save(phone, "hub-1-receipt.png")

    # 2. The receipt mail. The phone forgets everything: from here on, only the links.
    seen = len(mail.outbox)
    [receipt] = _mails_since(0)
    phone.context.clear_cookies()
    phone.goto(_link_in(receipt, live_server.url))
    expect(phone).to_have_url(f"{live_server.url}/lacak/{code}/")  # the key left the bar
    expect(phone.locator("#state")).to_have_text("Menunggu verifikasi")
    expect(phone.locator("#outlook")).to_contain_text("Paling lambat")
    expect(phone.locator("#form-add_info")).to_be_attached()
    assert phone.locator("script").count() == 0  # the hub works without JavaScript
    _fits(phone)
    screenshots.save(phone, "hub-2-new.png")

    # 3. The operator asks a question; the mail's link opens the answer form.
    seen = len(mail.outbox)
    services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Lubangnya di lajur kiri atau kanan?"
    )
    [asked] = _mails_since(seen)
    assert "Lubangnya di lajur kiri" in asked.body
    phone.goto(_link_in(asked, live_server.url))
    expect(phone.locator(".question")).to_contain_text("lajur kiri atau kanan")
    form = phone.locator("#form-provide_info")
    form.locator("textarea").fill("Lajur kiri, arah ke Pasar 45, sekitar 1 meter lebarnya.")
    form.locator("input[type=file]").set_input_files(_jpeg(tmp_path, "lajur.jpg"))
    _fits(phone)
    screenshots.save(phone, "hub-3-asked.png")
    _submit(phone, "#form-provide_info")
    expect(phone.locator(".msg.success")).to_contain_text("Terima kasih")
    expect(phone.locator("#state")).to_have_text("Menunggu verifikasi")
    expect(phone.locator("#photos-info")).to_contain_text("Informasi tambahan")
    assert Complaint.objects.get(pk=complaint.pk).state == State.NEW

    # 4. Staff dispose, accept, follow up with evidence and validate.
    seen = len(mail.outbox)
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=complaint, user=city.officer)
    progress = _mails_since(seen)
    phone.goto(_link_in(progress[-1], live_server.url))
    expect(phone.locator("#state")).to_have_text("Sedang ditindaklanjuti")
    expect(phone.locator("#outlook")).to_contain_text("Dinas PUPR sedang menindaklanjuti")
    # Unasked, the citizen adds that the hole grew.
    phone.locator("details:has(#form-add_info) summary").click()
    phone.locator("#form-add_info textarea").fill("Setelah hujan semalam lubangnya makin dalam.")
    _submit(phone, "#form-add_info")
    expect(phone.locator(".msg.success")).to_be_visible()
    assert complaint.events.filter(action=Action.ADD_INFO).count() == 1
    screenshots.save(phone, "hub-4-in-progress.png")

    seen = len(mail.outbox)
    from cerdas.complaints.services import Upload

    services.complaint_follow_up(
        complaint=complaint,
        user=city.officer,
        note="Lubang sudah ditambal dengan aspal panas.",
        photos=[Upload("bukti.jpg", jpeg_bytes(color=(40, 40, 40)))],
    )
    services.complaint_validate(complaint=complaint, user=city.operator, note="Sudah dicek.")
    done = _mails_since(seen)
    [resolved] = [m for m in done if "selesai" in m.subject.lower()]
    assert "penilaian" in resolved.body

    # 5. The "selesai" mail's link: rate (reopening is offered until its date).
    phone.goto(_link_in(resolved, live_server.url))
    expect(phone.locator("#state")).to_have_text("Selesai")
    expect(phone.locator("#photos-laporan")).to_contain_text("Foto laporan")
    expect(phone.locator("#photos-bukti")).to_contain_text("Bukti tindak lanjut")
    expect(phone.locator("#form-reopen")).to_be_attached()
    expect(phone.locator("#yours")).to_contain_text("Beri penilaian")
    _fits(phone)
    screenshots.save(phone, "hub-5-resolved.png")
    rate = phone.locator("#form-rate")
    rate.locator("input[name=rating][value='5']").check()
    rate.locator("[name=comment]").fill("Cepat dan rapi, terima kasih!")
    _submit(phone, "#form-rate")
    expect(phone.locator("#state")).to_have_text("Ditutup")
    expect(phone.locator("#yours")).to_contain_text("Terima kasih atas penilaian Anda")
    expect(phone.locator("main")).not_to_contain_text("Belum ada yang perlu Anda lakukan")
    expect(phone.locator("#form-rate")).to_have_count(0)
    _fits(phone)
    screenshots.save(phone, "hub-6-rated.png")

    complaint.refresh_from_db()
    assert (complaint.state, complaint.rating) == (State.CLOSED, 5)
    assert complaint.rating_comment == "Cepat dan rapi, terima kasih!"
    # Every mail to the citizen carried the private link to this port.
    to_citizen = [m for m in mail.outbox if EMAIL in m.to]
    assert len(to_citizen) >= 5
    assert all(f"{live_server.url}/lacak/{code}/?k=" in m.body for m in to_citizen)
    assert phone.errors == [], phone.errors


def _jpeg(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(jpeg_bytes(color=(90, 120, 160)))
    return path
