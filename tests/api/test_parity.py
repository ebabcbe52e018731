"""Page–API parity: every page that takes a POST (an action a user can do in the browser) has an
API operation that does the same, listed here, and each listed operation exists in the OpenAPI
schema. A new page action without an API counterpart makes this test fail until it is added to
the API and to `PARITY`.

The walk covers the page URL patterns of config.urls except the back office (admin/), language
switching (i18n/), the API itself, signing in and out and password pages (accounts login, logout,
password, two-factor steps) and the public pages (public/, no account).
"""

from __future__ import annotations

import inspect

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

# page URL name → the API operations ("METHOD /api/v1/path/") that do what its POST does.
PARITY: dict[str, list[str]] = {
    "notifications:read_all": ["POST /api/v1/notifications/read-all/"],
    # 用户管理 (deactivating is a PATCH of is_active)
    "user_admin_create": ["POST /api/v1/users/"],
    "user_admin_edit": ["PATCH /api/v1/users/{id}/"],
    "user_admin_active": ["PATCH /api/v1/users/{id}/"],
    "user_admin_password": ["PATCH /api/v1/users/{id}/", "POST /api/v1/users/{id}/password-link/"],
    # 企业底数
    "enterprises:create": ["POST /api/v1/enterprises/"],
    "enterprises:edit": ["PATCH /api/v1/enterprises/{id}/"],
    "enterprises:import": ["POST /api/v1/enterprises/import/"],
    # 检查表
    "checklists:import": ["POST /api/v1/checklists/import/"],
    # 专项行动
    "campaigns:create": ["POST /api/v1/campaigns/"],
    "campaigns:edit": ["PATCH /api/v1/campaigns/{id}/"],
    "campaigns:target_add": ["POST /api/v1/campaigns/{id}/targets/"],
    "campaigns:task_add": ["POST /api/v1/campaigns/{id}/tasks/"],
    "campaigns:requirement_add": ["POST /api/v1/campaigns/{id}/report-requirements/"],
    "campaigns:attach_checklist": ["POST /api/v1/campaigns/{id}/checklists/"],
    "campaigns:submissions_remind_late": ["POST /api/v1/campaigns/{id}/remind-late/"],
    "campaigns:group_create": ["POST /api/v1/groups/"],
    "campaigns:group": ["POST /api/v1/groups/{id}/visits/"],
    "campaigns:task_edit": ["PATCH /api/v1/campaign-tasks/{id}/"],
    "campaigns:task_status": [
        "POST /api/v1/campaign-tasks/{id}/status/",
        "POST /api/v1/campaign-tasks/{id}/attachments/",
    ],
    "campaigns:submission": ["POST /api/v1/submissions/{id}/submit/"],
    "campaigns:submission_remind": ["POST /api/v1/submissions/{id}/remind/"],
    # 检查
    "inspections:plan": ["POST /api/v1/inspections/"],
    "inspections:request_self": ["POST /api/v1/inspections/request-self/"],
    "inspections:draw_new": ["POST /api/v1/campaigns/{campaign_id}/draws/"],
    "inspections:conflicts": ["POST /api/v1/expert-conflicts/"],
    "inspections:conflict_withdraw": ["POST /api/v1/expert-conflicts/{id}/withdraw/"],
    "inspections:fill": [
        "PUT /api/v1/inspections/{id}/answers/",
        "PATCH /api/v1/inspections/{id}/",
        "POST /api/v1/inspections/{id}/evidence/",
        "POST /api/v1/inspections/{id}/findings/",
        "POST /api/v1/inspections/{id}/people/",
        "POST /api/v1/inspections/{id}/look-back-checks/",
        "POST /api/v1/inspections/{id}/submit/",
    ],
    "inspections:start": ["POST /api/v1/inspections/{id}/start/"],
    "inspections:review": ["POST /api/v1/inspections/{id}/review/"],
    "inspections:look_back": ["POST /api/v1/inspections/{id}/look-back/"],
    # 隐患治理
    "hazards:self_report": ["POST /api/v1/hazards/"],
    "hazards:action": [
        "POST /api/v1/hazards/{id}/assign/",
        "POST /api/v1/hazards/{id}/major-plan/",
        "POST /api/v1/hazards/{id}/submit-rectification/",
        "POST /api/v1/hazards/{id}/rectify-immediately/",
        "POST /api/v1/hazards/{id}/accept/",
        "POST /api/v1/hazards/{id}/reject/",
        "POST /api/v1/hazards/{id}/list-for-supervision/",
    ],
    "hazards:reports": ["POST /api/v1/public-reports/{id}/verify/", "POST /api/v1/public-reports/{id}/dismiss/"],
    # 执法
    "enforcement:new": ["POST /api/v1/enforcement-actions/"],
    "enforcement:detail": ["POST /api/v1/enforcement-actions/{id}/review/"],
    "enforcement:blacklist": [
        "POST /api/v1/blacklist/",
        "POST /api/v1/blacklist/{id}/list/",
        "POST /api/v1/blacklist/{id}/withdraw/",
        "POST /api/v1/blacklist/{id}/remove/",
        "POST /api/v1/blacklist/{id}/object/",
        "POST /api/v1/blacklist/{id}/apply-removal/",
        "POST /api/v1/blacklist/{id}/refuse-removal/",
        "POST /api/v1/publications/",
    ],
    "enforcement:publish": ["POST /api/v1/publications/"],
    "enforcement:publications": ["POST /api/v1/publications/{id}/withdraw/"],
    # 统计
    "reports:stat_report_create": ["POST /api/v1/stat-reports/"],
    "reports:stat_report_action": [
        "POST /api/v1/stat-reports/{id}/submit/",
        "POST /api/v1/stat-reports/{id}/return/",
        "POST /api/v1/stat-reports/{id}/accept/",
    ],
    "reports:bulletin_new": ["POST /api/v1/bulletins/"],
    "reports:bulletin_issue": ["POST /api/v1/bulletins/{id}/issue/"],
    "reports:download_new": ["POST /api/v1/exports/"],
}

# Route prefixes that are not pages of the product's workflows (see the module docstring).
EXCLUDED_PREFIXES = ("admin/", "i18n/", "api/", "public/")
# Signing in and out, one's own password and the second factor: the login flow, not a business action.
EXCLUDED_NAMES = {"login", "logout", "password_change", "password_change_done", "password_set", "password_set_done"}
EXCLUDED_NAME_PARTS = ("otp", "two_factor", "2fa", "login", "logout")


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield prefix + str(p.pattern), name, p.callback


def _layers(func):
    """The view function and every function it wraps (decorators set `__wrapped__`)."""
    seen = []
    while func is not None and func not in seen:
        seen.append(func)
        func = getattr(func, "__wrapped__", None)
    return seen


def accepts_post(callback) -> bool:
    """Whether a page view handles POST: a class-based view with a `post` method, a function
    restricted by require_http_methods to a list containing POST, or one that reads the POST body."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    layers = _layers(callback)
    for func in layers:
        for cell in getattr(func, "__closure__", None) or ():
            contents = cell.cell_contents
            if isinstance(contents, list | tuple | set) and contents and all(isinstance(m, str) for m in contents):
                if {m.upper() for m in contents} <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}:
                    return "POST" in {m.upper() for m in contents}
    source = inspect.getsource(layers[-1])
    return any(marker in source for marker in ("request.POST", "request.FILES", 'request.method == "POST"'))


def page_post_routes() -> dict[str, str]:
    routes = {}
    for route, name, callback in _walk(get_resolver().url_patterns):
        if route.startswith(EXCLUDED_PREFIXES) or name in EXCLUDED_NAMES:
            continue
        if route.startswith("accounts/") and any(part in name for part in EXCLUDED_NAME_PARTS):
            continue
        if accepts_post(callback):
            routes[name or route] = route
    return routes


@pytest.fixture(scope="module")
def schema_operations() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_the_walk_finds_the_page_actions_it_is_meant_to_check():
    routes = page_post_routes()
    # The detector sees decorated function views, class-based edit views and forms posting to self,
    # and leaves out read-only pages and the login flow.
    for name in ("inspections:look_back", "enterprises:edit", "inspections:request_self", "hazards:reports"):
        assert name in routes
    for name in ("inspections:list", "hazards:detail", "login", "logout", "password_change", "public:report"):
        assert name not in routes


def test_every_page_action_has_an_api_operation_listed():
    missing = sorted(set(page_post_routes()) - set(PARITY))
    assert missing == [], f"这些页面操作没有对应的 API 操作（请在 API 中实现并加入 PARITY）：{missing}"


def test_the_mapping_lists_only_pages_that_exist():
    stale = sorted(set(PARITY) - set(page_post_routes()))
    assert stale == [], f"PARITY 中这些页面已不存在或不再接受 POST：{stale}"


def test_every_listed_api_operation_is_in_the_schema(schema_operations):
    absent = sorted({op for ops in PARITY.values() for op in ops} - schema_operations)
    assert absent == [], f"这些 API 操作不在 OpenAPI 文档中：{absent}"
