"""Chinese 403, 404 and 500 pages in the site's layout (DEBUG off, as in production)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

LAYOUT = "app-navbar"  # the site's navigation bar (base.html; 500.html copies it)


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def test_unknown_address_answers_the_chinese_404_page_in_the_layout(client, official_a):
    client.force_login(official_a)
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body
    assert LAYOUT in body
    assert "返回首页" in body
    assert official_a.display_name in body  # the layout with the user's navigation
    assert "Not Found" not in body


def test_404_for_an_anonymous_visitor_is_chinese_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_enterprise_outside_jurisdiction_is_the_same_chinese_404(client, official_b, enterprise_a):
    client.force_login(official_b)
    response = client.get(f"/enterprises/{enterprise_a.pk}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_permission_denied_answers_the_chinese_403_page(client, official_a):
    client.force_login(official_a)
    response = client.get("/test-errors/403/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in body
    assert "您没有执行此操作的权限" in body
    assert LAYOUT in body
    assert "Forbidden" not in body


def test_permission_denied_shows_the_reason_the_code_gave(client, official_a):
    client.force_login(official_a)
    body = client.get("/test-errors/403-reason/").content.decode()
    assert "只有法制审核人员可以审核。" in body


def test_csrf_failure_answers_the_chinese_403_page(official_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(official_a)
    response = client.post("/accounts/logout/", {})
    body = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期或表单校验未通过" in body
    assert LAYOUT in body
    assert "CSRF verification failed" not in body


def test_server_error_answers_the_chinese_500_page_without_a_request_context(official_a):
    client = Client(raise_request_exception=False)
    client.force_login(official_a)
    response = client.get("/test-errors/500/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in body
    assert LAYOUT in body
    assert "返回首页" in body
    assert "Server Error" not in body


def test_500_page_renders_with_no_context_at_all():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "系统出错" in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html


def test_an_api_address_that_matches_no_route_answers_json_404(client, official_a):
    client.force_login(official_a)
    response = client.get("/api/v1/hazards/1.5/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "未找到。"}
