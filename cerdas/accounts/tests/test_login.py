from conftest import PASSWORD


def _login(client, username, password=PASSWORD):
    return client.post("/akun/masuk/", {"username": username, "password": password})


def test_operator_lands_on_the_queue_and_officer_on_the_inbox(client, city):
    assert _login(client, "operator")["Location"] == "/"
    assert client.get("/")["Location"] == "/cc/antrian/"
    client.post("/akun/keluar/")
    _login(client, "petugas_pupr")
    assert client.get("/")["Location"] == "/opd/kotak-masuk/"


def test_wrong_password_is_refused_without_saying_whether_the_user_exists(client, city):
    known = _login(client, "operator", "salah")
    unknown = _login(client, "tidak-ada", "salah")
    assert known.status_code == unknown.status_code == 200
    assert "salah" in known.content.decode()
    assert "_auth_user_id" not in client.session


def test_sixth_attempt_after_five_failures_is_locked_even_with_the_right_password(client, city):
    for _ in range(5):
        _login(client, "operator", "salah")
    response = _login(client, "operator")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client, city):
    client.force_login(city.operator)
    client.post("/akun/keluar/")
    assert client.get("/cc/antrian/").status_code == 302
