"""Strict input (issue 12): an unknown field, a read-only field, a field the user may not set or a
control character answers 400 naming the field, instead of being dropped or replaced silently.

The rule lives in one place (core.serializers.StrictInputMixin); these tests check that every
serializer uses it and that every write operation of the schema refuses an unknown field.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django.apps import apps
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from core.serializers import StrictInputMixin, has_control_character

pytestmark = pytest.mark.django_db

PROJECT_APPS = [
    "core",
    "accounts",
    "enterprises",
    "checklists",
    "campaigns",
    "inspections",
    "hazards",
    "enforcement",
    "reports",
]
UNKNOWN = "unknown_field_x"


def _project_serializer_classes() -> list[type]:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)
    found, pending = [], [serializers.Serializer]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS:
                found.append(sub)
    return found


def test_every_serializer_of_the_project_is_strict():
    classes = _project_serializer_classes()
    assert len(classes) > 50  # the walk really found the project's serializers
    loose = sorted(f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, StrictInputMixin))
    assert loose == []


# --- the rule itself, on real endpoints ---------------------------------------------------------


def test_an_unknown_field_is_refused_naming_it(api_for, official_a, enterprise_a):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"name": "新名称", "colour": "red"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"colour": ["未知字段。"]}
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "南宁邕江化工有限公司"


def test_known_fields_alone_are_accepted(api_for, official_a, enterprise_a):
    response = api_for(official_a).patch(f"/api/v1/enterprises/{enterprise_a.pk}/", {"name": "新名称"}, format="json")
    assert response.status_code == 200, response.content
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "新名称"


def test_a_read_only_field_is_refused_not_ignored(api_for, official_a, enterprise_a):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"blacklisted": True, "region_name": "x"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"blacklisted", "region_name"}
    assert "只读" in body["blacklisted"][0]


def test_nested_bodies_are_strict_too(api_for, official_a):
    body = {
        "code": "T-STRICT",
        "name": "测试检查表",
        "sections": [{"title": "一、总则", "items": [{"text": "有制度", "score": 5}]}],
    }
    response = api_for(official_a).post("/api/v1/checklists/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"sections": {"0": {"items": {"0": {"score": ["未知字段。"]}}}}}


def test_a_control_character_in_text_is_refused_naming_the_field(api_for, official_a, enterprise_a):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"address": "民生路\x0b1号"}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["address"][0]
    assert "控制字符" in message


def test_tabs_and_line_breaks_are_allowed(api_for, official_a, enterprise_a):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"address": "民生路1号\r\n\t二楼"}, format="json"
    )
    assert response.status_code == 200, response.content
    enterprise_a.refresh_from_db()
    assert enterprise_a.address == "民生路1号\r\n\t二楼"


def test_a_control_character_in_a_form_body_is_refused(api_for, official_a):
    response = api_for(official_a).post(
        "/api/v1/hazards/", {"description": "配电箱\x1b未接地", "enterprise": "1"}, format="multipart"
    )
    assert response.status_code == 400
    assert "控制字符" in response.json()["description"][0]


@pytest.mark.parametrize("value", ["a\x00b", "a\x07", "\x7f", "\x85", ["ok", "b\x01"], {"k": "\x02"}])
def test_control_characters_are_found_in_text_lists_and_mappings(value):
    assert has_control_character(value)


@pytest.mark.parametrize("value", ["正常文本", "tab\there", "line\nbreak\r\n", 12, None, ["ok"], {"k": "v"}])
def test_ordinary_values_hold_no_control_character(value):
    assert not has_control_character(value)


def test_a_command_without_input_refuses_any_field(api_for, official_a):
    response = api_for(official_a).post("/api/v1/notifications/read-all/", {"force": True}, format="json")
    assert response.status_code == 400
    assert response.json() == {"force": ["未知字段。"]}
    assert api_for(official_a).post("/api/v1/notifications/read-all/", {}, format="json").status_code == 200


# --- a field the user may not set ---------------------------------------------------------------


def test_an_enterprise_user_naming_another_enterprise_for_a_hazard_gets_400(api_for, enterprise_user, enterprise_b):
    from hazards.models import Hazard

    response = api_for(enterprise_user).post(
        "/api/v1/hazards/", {"enterprise": enterprise_b.pk, "description": "消防通道堵塞"}, format="json"
    )
    assert response.status_code == 400
    assert "本企业" in response.json()["enterprise"][0]
    assert not Hazard.objects.exists()


def test_an_enterprise_user_reports_for_their_own_enterprise(api_for, enterprise_user, enterprise_a):
    from hazards.models import Hazard

    response = api_for(enterprise_user).post(
        "/api/v1/hazards/", {"enterprise": enterprise_a.pk, "description": "消防通道堵塞"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Hazard.objects.get().enterprise == enterprise_a


def test_an_enterprise_user_may_not_link_a_hazard_to_an_inspection(api_for, enterprise_user):
    response = api_for(enterprise_user).post(
        "/api/v1/hazards/", {"inspection": 1, "description": "消防通道堵塞"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"inspection"}


def test_a_status_cannot_be_set_through_a_command(api_for, official_a, enterprise_a):
    response = api_for(official_a).post(
        "/api/v1/hazards/", {"enterprise": enterprise_a.pk, "description": "漏电", "status": "closed"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"status": ["未知字段。"]}


def test_put_on_an_inspection_is_not_offered(api_for, official_a):
    response = api_for(official_a).put("/api/v1/inspections/1/", {}, format="json")
    assert response.status_code == 405


# --- every write operation of the schema --------------------------------------------------------

# The model behind the `{id}` of each path (the first segment after /api/v1/).
PATH_MODELS = {
    "blacklist": "enforcement.BlacklistEntry",
    "bulletins": "reports.Bulletin",
    "campaign-tasks": "campaigns.Task",
    "campaigns": "campaigns.Campaign",
    "checklists": "checklists.ChecklistTemplate",
    "enforcement-actions": "enforcement.EnforcementAction",
    "enterprises": "enterprises.Enterprise",
    "expert-conflicts": "inspections.ExpertConflict",
    "groups": "campaigns.InspectionGroup",
    "hazards": "hazards.Hazard",
    "inspections": "inspections.Inspection",
    "notifications": "accounts.Notification",
    "public-reports": "hazards.PublicReport",
    "publications": "enforcement.Publication",
    "stat-reports": "reports.StatReport",
    "submissions": "campaigns.Submission",
    "users": "accounts.User",
    "exports": "reports.ExportJob",
    "draws": "inspections.Draw",
}


def _write_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                content = operation.get("requestBody", {}).get("content", {})
                yield path, method, operation["operationId"], content


def _objects_for_every_path(admin):
    """The demo lacks a few kinds of rows: make one of each through the services."""
    from accounts.models import User
    from campaigns.models import Campaign, InspectionGroup
    from enforcement.services import blacklist_notify
    from enterprises.models import Enterprise
    from inspections.services import expert_conflict_declare
    from reports.bulletins import bulletin_create
    from reports.services import stat_report_generate

    nn = User.objects.get(username="nn_official")
    enterprise = Enterprise.objects.visible_to(nn).order_by("pk").first()
    campaign = Campaign.objects.visible_to(nn).filter(region=nn.agency.region).order_by("pk").first() or (
        Campaign.objects.visible_to(nn).order_by("pk").first()
    )
    blacklist_notify(actor=nn, enterprise=enterprise, reason="重大隐患拒不整改", legal_basis="《安全生产法》")
    expert_conflict_declare(
        actor=nn, expert=User.objects.get(username="expert1"), enterprise=enterprise, reason="曾任顾问"
    )
    InspectionGroup.objects.create(campaign=campaign, name="第一巡查组", agency=nn.agency)
    stat_report_generate(actor=nn, campaign=campaign, region=nn.agency.region, period="total", form="national")
    bulletin_create(actor=nn, region=nn.agency.region, period="total", campaign=campaign)


def test_every_write_operation_refuses_an_unknown_field_naming_it():
    from rest_framework.test import APIClient

    from accounts.models import User
    from core.demo import load_demo

    load_demo()
    admin = User.objects.get(username="admin")
    _objects_for_every_path(admin)
    client = APIClient()
    client.force_authenticate(admin)
    failures, checked = [], 0
    for path, method, operation_id, content in _write_operations():
        url = path
        if "{" in path:
            segment = path.split("/")[3]
            label = PATH_MODELS.get(segment)
            if label is None:
                failures.append(f"{operation_id}: no model listed for /{segment}/ in PATH_MODELS")
                continue
            obj = apps.get_model(label).objects.order_by("pk").first()
            if obj is None:
                failures.append(f"{operation_id}: no {label} row to address")
                continue
            key = path[path.index("{") + 1 : path.index("}")]
            value = obj.code if key == "code" else obj.pk
            url = path.replace("{" + key + "}", str(value))
        multipart_only = bool(content) and "application/json" not in content
        response = getattr(client, method)(
            url, {UNKNOWN: "1"}, format="multipart" if multipart_only else "json", REMOTE_ADDR="10.9.9.9"
        )
        checked += 1
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 400 or UNKNOWN not in body:
            failures.append(f"{operation_id} {method.upper()} {url}: {response.status_code} {str(body)[:160]}")
    assert checked >= 60
    assert failures == []


def test_unknown_fields_are_declared_refused_in_the_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert components["HazardCreateRequest"]["additionalProperties"] is False
    assert components["SectionInputRequest"]["additionalProperties"] is False  # nested
    assert inspect.isclass(StrictInputMixin)
