"""The public tracking page of a rahasia report shows its progress, never its content."""

from cerdas.complaints import services
from cerdas.complaints.links import reporter_token
from cerdas.complaints.models import Privacy


def test_rahasia_tracking_page_hides_text_and_timeline_notes_from_strangers(client, city, submit):
    complaint = submit(
        category=city.confidential,
        privacy=Privacy.CONFIDENTIAL,
        description="Oknum petugas meminta uang di loket kelurahan.",
    )
    services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Di loket mana persisnya, jam berapa?"
    )

    page = client.get(f"/lacak/{complaint.code}/").content.decode()

    assert "Sedang diproses" in page
    assert "Menunggu informasi pelapor" not in page
    assert "Oknum petugas" not in page
    assert "loket mana" not in page
    assert "Budi" not in page


def test_rahasia_tracking_page_shows_everything_to_the_reporter(client, city, submit):
    complaint = submit(category=city.confidential, privacy=Privacy.CONFIDENTIAL)
    services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Di loket mana persisnya?"
    )

    response = client.get(
        f"/lacak/{complaint.code}/?k={reporter_token(complaint.code)}", follow=True
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "loket mana" in page
    assert complaint.description[:20] in page
    assert 'id="form-provide_info"' in page


def test_english_is_available(client, city):
    client.cookies["django_language"] = "en"
    page = client.get("/lapor/").content.decode()
    assert '<html lang="en">' in page
    assert "Report a problem" in page and "Send report" in page
    assert "Kirim laporan" not in page
