from django.conf import settings


def test_pages_are_indonesian_even_when_the_browser_asks_for_english(client, db):
    resp = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert resp["Content-Language"] == "id"
    assert '<html lang="id">' in resp.content.decode()


def test_the_language_switch_is_honoured_without_javascript(client, db):
    resp = client.post("/bahasa/", {"language": "en", "next": "/"})
    assert resp.status_code == 302
    assert resp.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    resp = client.get("/")
    assert resp["Content-Language"] == "en"
    assert '<html lang="en">' in resp.content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "id"
