import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_english_pages(demo, page, phone_page, login, shot):
    for name, pg in (("desktop", page), ("phone", phone_page)):
        pg.context.add_cookies([{"name": "django_language", "value": "en", "url": pg.base_url}])
        login(pg, "nn_official")
        for path, label in (("/", "home"), ("/hazards/", "hazards"), ("/dashboard/", "dashboard")):
            pg.goto(pg.base_url + path)
            pg.wait_for_load_state("networkidle")
            shot(pg, f"tmp-en-{label}-{name}")
