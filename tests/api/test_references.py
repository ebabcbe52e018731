"""References inside the jurisdiction (issue 12): every foreign key a user writes is checked against
what the writer may use. The generated test walks the request serializers of every write operation
of the schema, finds their writable relations (nested ones too) and tries, as an official of 南宁,
an id from 柳州 for each: the answer is 404 or a 400 naming the field, while an id of 南宁 is not
refused for that field."""

from __future__ import annotations

from datetime import date

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.test import APIClient, APIRequestFactory

from core.uscc import make_uscc

pytestmark = pytest.mark.django_db

# Shared reference content, the same for everyone: no jurisdiction to leave.
REFERENCE_MODELS = {"core.Industry", "checklists.ChecklistTemplate", "checklists.ChecklistItem"}
# References given as plain ids and resolved by the view (visible_or_404 → 404).
INTEGER_REFERENCES = {
    "enterprise": "enterprises.Enterprise",
    "inspection": "inspections.Inspection",
    "hazard": "hazards.Hazard",
    "campaign": "campaigns.Campaign",
}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _created(response) -> int:
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.fixture
def world(official_a, official_b, enterprise_a, enterprise_b, agency_a, agency_b, region):
    """The same objects on both sides: 南宁 (A, in scope) and 柳州 (B, out of scope)."""
    from campaigns.models import Campaign, InspectionGroup, ReportRequirement, Task
    from checklists.models import ChecklistTemplate
    from core.models import Industry
    from hazards.models import Hazard, PublicReport
    from inspections.models import Inspection
    from tests.factories import UserFactory

    def side(official, enterprise, agency, region_code):
        client = _client(official)
        campaign = _created(
            client.post("/api/v1/campaigns/", {"title": "专项整治", "region": region_code}, format="json")
        )
        task = client.post(
            f"/api/v1/campaigns/{campaign}/tasks/", {"title": "排查", "lead_name": "应急管理局"}, format="json"
        )
        assert task.status_code == 201, task.content
        requirement = client.post(
            f"/api/v1/campaigns/{campaign}/report-requirements/",
            {"title": "总结", "recurrence": "once", "submitters": "lower_agencies", "due_date": "2026-12-31"},
            format="json",
        )
        assert requirement.status_code == 201, requirement.content
        inspection = _created(
            client.post(
                "/api/v1/inspections/",
                {"enterprise": enterprise.pk, "kind": "patrol", "inspectors": [official.pk], "campaign": campaign},
                format="json",
            )
        )
        hazard = _created(
            client.post("/api/v1/hazards/", {"enterprise": enterprise.pk, "description": "配电箱未接地"}, format="json")
        )
        template = ChecklistTemplate.objects.get(
            pk=_created(
                client.post(
                    "/api/v1/checklists/",
                    {
                        "code": f"T-{agency.pk}",
                        "name": "检查表",
                        "sections": [{"title": "一", "items": [{"text": "有制度"}]}],
                    },
                    format="json",
                )
            )
        )
        group = InspectionGroup.objects.create(campaign_id=campaign, name="第一巡查组", agency=agency)
        colleague = UserFactory(agency=agency, role="inspector", cert_number="X", cert_valid_until=date(2099, 1, 1))
        report = PublicReport.objects.create(
            tracking_number=f"JB{agency.pk:06d}",
            description="夜间违规动火",
            location="厂区东门",
            region=enterprise.region,
            industry=Industry.objects.get(code="machinery"),
            agency=agency,
        )
        return {
            "accounts.Agency": agency,
            "accounts.User": colleague,
            "enterprises.Enterprise": enterprise,
            "core.Region": region(region_code),
            "campaigns.Campaign": Campaign.objects.get(pk=campaign),
            "campaigns.Task": Task.objects.filter(campaign_id=campaign).first(),
            "campaigns.ReportRequirement": ReportRequirement.objects.filter(campaign_id=campaign).first(),
            "campaigns.InspectionGroup": group,
            "inspections.Inspection": Inspection.objects.get(pk=inspection),
            "hazards.Hazard": Hazard.objects.get(pk=hazard),
            "hazards.PublicReport": report,
            "checklists.ChecklistTemplate": template,
        }

    # A county of each city: campaigns and enterprises live at county level or below.
    return {
        "a": side(official_a, enterprise_a, agency_a, "450102"),
        "b": side(official_b, enterprise_b, agency_b, "450202"),
    }


# The model behind each path's `{id}` (first segment after /api/v1/); the object is taken on A's side.
PATH_MODELS = {
    "campaigns": "campaigns.Campaign",
    "campaign-tasks": "campaigns.Task",
    "groups": "campaigns.InspectionGroup",
    "inspections": "inspections.Inspection",
    "hazards": "hazards.Hazard",
    "enterprises": "enterprises.Enterprise",
    "public-reports": "hazards.PublicReport",
    "users": "accounts.User",
}


def _request_serializers(user):
    """(method, path, serializer instance) of every write operation with a request body."""
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    components = {name: c.object for (name, kind), c in generator.registry._components.items() if kind == "schemas"}
    request = APIRequestFactory().post("/")
    request.user = user
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                obj = components.get(ref.rsplit("/", 1)[-1])
                if obj is None:
                    continue
                instance = obj if isinstance(obj, serializers.BaseSerializer) else obj()
                instance = type(instance)(context={"request": request})
                yield method, path, instance, "application/json" not in content
                break


def _relations(serializer, prefix=()):
    """(path of field names, model label, many) of every writable relation, nested ones included."""
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.ListSerializer):
            yield from _relations(field.child, (*prefix, name, "[]"))
        elif isinstance(field, serializers.BaseSerializer):
            yield from _relations(field, (*prefix, name))
        elif isinstance(field, serializers.ManyRelatedField):
            yield (*prefix, name), field.child_relation.queryset.model._meta.label, True, field.child_relation
        elif isinstance(field, serializers.RelatedField):
            yield (*prefix, name), field.queryset.model._meta.label, False, field
        elif isinstance(field, serializers.ListField) and isinstance(field.child, serializers.RelatedField):
            yield (*prefix, name), field.child.queryset.model._meta.label, True, field.child
        elif isinstance(field, serializers.IntegerField) and name in INTEGER_REFERENCES:
            yield (*prefix, name), INTEGER_REFERENCES[name], False, None


# Plain values for the other required fields, so that a reference resolved by the view after the
# serializer (an integer id) is reached; by name first, then by type.
FILLERS = {
    "region": lambda a: "450102",
    "period": lambda a: "total",
    "form": lambda a: "national",
    "deadline": lambda a: "2026-12-31",
    "uscc": lambda a: make_uscc("450102", 987654),
    "industries": lambda a: ["machinery"],
    "members": lambda a: [{"user": a["accounts.User"].pk, "role": "leader"}],
}


def _filler(serializer, skip: str, world_a, method: str) -> dict:
    if method == "patch":  # a partial update needs nothing else
        return {}
    body = {}
    for name, field in serializer.fields.items():
        if field.read_only or not field.required or name == skip:
            continue
        if name in FILLERS:
            body[name] = FILLERS[name](world_a)
        elif isinstance(field, serializers.RelatedField) and field.queryset is not None:
            label = field.queryset.model._meta.label
            body[name] = world_a[label].pk if label in world_a else None
        elif isinstance(field, serializers.ChoiceField):
            body[name] = next(iter(field.choices))
        elif isinstance(field, serializers.DateField):
            body[name] = "2026-12-31"
        elif isinstance(field, serializers.BooleanField):
            body[name] = False
        elif isinstance(field, serializers.IntegerField | serializers.DecimalField):
            label = INTEGER_REFERENCES.get(name)
            body[name] = world_a[label].pk if label else 1
        elif isinstance(field, serializers.CharField):
            body[name] = "测试"
    return body


# Relations whose "in scope" object is not the generic one of its model (the refusal of the
# out-of-scope id is still checked): why the own side's id is refused for another reason.
GOOD_SIDE_EXEMPT = {
    "POST /api/v1/expert-conflicts/ expert": "the field takes experts of the pool, not officials",
    "PATCH /api/v1/users/{id}/ enterprise": "the user addressed is an official, who may not be bound to an enterprise",
}


def _value(obj, field):
    slug = getattr(field, "slug_field", None)
    return getattr(obj, slug) if slug else obj.pk


def _body(path, value):
    """{"members": [{"user": 5}]} from ("members", "[]", "user") and 5."""
    head, *rest = path
    if not rest:
        return {head: value}
    if rest[0] == "[]":
        return {head: [_body(rest[1:], value)]}
    return {head: _body(rest, value)}


def _names(body, path, *, services_too: bool = True) -> bool:
    """Whether an error body names the field at `path` (at any nesting, lists as indexes); with
    `services_too`, a service's refusal naming the field ({"detail", "field"}) counts as well."""
    node = body
    for key in path:
        if key == "[]":
            if isinstance(node, dict) and "0" in node:
                node = node["0"]
            elif isinstance(node, list) and node:
                node = node[0]
            else:
                return False
            continue
        if services_too and node is body and isinstance(node, dict) and node.get("field") == key:
            return True  # a service's refusal: {"detail", "field"}
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


@pytest.fixture
def admin_a(agency_a):
    """An administrator of 南宁: writes what inspectors write and administers the agency's users."""
    from tests.factories import UserFactory

    return UserFactory(
        username="admin_a", agency=agency_a, role="admin", cert_number="GX009", cert_valid_until=date(2099, 12, 31)
    )


def test_every_writable_relation_refuses_an_id_from_another_jurisdiction(admin_a, world):
    client = _client(admin_a)
    checked, failures, unmapped = [], [], set()
    for method, path, serializer, multipart in _request_serializers(admin_a):
        for field_path, label, many, field in _relations(serializer):
            if label in REFERENCE_MODELS:
                continue
            if label not in world["b"]:
                unmapped.add(f"{method.upper()} {path} {'.'.join(field_path)} → {label}")
                continue
            url = path
            if "{" in path:
                model = PATH_MODELS.get(path.split("/")[3])
                if model is None:
                    unmapped.add(f"{method.upper()} {path}: no object for its path")
                    continue
                key = path[path.index("{") + 1 : path.index("}")]
                url = path.replace("{" + key + "}", str(world["a"][model].pk))
            answers = {}
            for side in ("b", "a"):
                value = _value(world[side][label], field)
                body = {
                    **_filler(serializer, field_path[0], world["a"], method),
                    **_body(field_path, [value] if many else value),
                }
                response = getattr(client, method)(url, body, format="multipart" if multipart else "json")
                try:
                    payload = response.json()
                except ValueError:
                    payload = {}
                answers[side] = (response.status_code, payload)
            name = f"{method.upper()} {path} {'.'.join(field_path)}"
            checked.append(name)
            status_b, body_b = answers["b"]
            if not (status_b == 404 or (status_b == 400 and _names(body_b, field_path))):
                failures.append(f"{name}: 柳州's id answered {status_b} {str(body_b)[:200]}")
            status_a, body_a = answers["a"]
            if name in GOOD_SIDE_EXEMPT:
                continue
            # 南宁's own id passes the choices (a business rule of the service may still refuse it).
            if status_a == 404 or (status_a == 400 and _names(body_a, field_path, services_too=False)):
                failures.append(f"{name}: 南宁's own id was refused too ({status_a} {str(body_a)[:200]})")
    assert unmapped == set()
    assert len(checked) >= 15, checked
    assert failures == [], "\n".join(failures)


# --- the holes named in issue 12 ------------------------------------------------------------------


def test_a_nanning_official_cannot_make_the_liuzhou_agency_responsible(api_for, official_a, enterprise_a, agency_b):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"responsible_agency": agency_b.pk}, format="json"
    )
    assert response.status_code == 400
    assert "responsible_agency" in response.json()
    enterprise_a.refresh_from_db()
    assert enterprise_a.responsible_agency_id is None


def test_a_nanning_official_cannot_make_a_jiangsu_agency_responsible(api_for, official_a, enterprise_a):
    from core.models import Region
    from tests.factories import AgencyFactory

    jiangsu = AgencyFactory(name="南通市应急管理局", region=Region.objects.filter(code__startswith="32").first())
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"responsible_agency": jiangsu.pk}, format="json"
    )
    assert response.status_code == 400
    assert "responsible_agency" in response.json()


def test_a_nanning_official_makes_their_own_agency_responsible(api_for, official_a, enterprise_a, agency_a):
    response = api_for(official_a).patch(
        f"/api/v1/enterprises/{enterprise_a.pk}/", {"responsible_agency": agency_a.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    enterprise_a.refresh_from_db()
    assert enterprise_a.responsible_agency == agency_a


def test_the_service_refuses_an_agency_that_does_not_cover_the_enterprise(official_a, enterprise_a, agency_b):
    from core.errors import DomainError
    from enterprises.services import enterprise_save

    enterprise_a.responsible_agency = agency_b
    with pytest.raises(DomainError) as caught:
        enterprise_save(actor=official_a, enterprise=enterprise_a)
    assert caught.value.field == "responsible_agency"


CHECKLIST = {"name": "柳州检查表", "sections": [{"title": "一、总则", "items": [{"text": "有制度"}]}]}


def test_a_nanning_official_cannot_revise_a_checklist_liuzhou_drew_up(api_for, official_a, official_b):
    from checklists.models import ChecklistTemplate

    created = api_for(official_b).post("/api/v1/checklists/", {"code": "LZ-1", **CHECKLIST}, format="json")
    assert created.status_code == 201, created.content
    template = ChecklistTemplate.objects.get(pk=created.json()["id"])
    assert template.agency == official_b.agency
    response = api_for(official_a).post(f"/api/v1/checklists/{template.pk}/revise/", CHECKLIST, format="json")
    assert response.status_code == 403
    assert "柳州" in response.json()["detail"]
    assert ChecklistTemplate.objects.filter(code="LZ-1").count() == 1


def test_liuzhou_revises_its_own_checklist(api_for, official_b):
    from checklists.models import ChecklistTemplate

    created = api_for(official_b).post("/api/v1/checklists/", {"code": "LZ-2", **CHECKLIST}, format="json")
    response = api_for(official_b).post(f"/api/v1/checklists/{created.json()['id']}/revise/", CHECKLIST, format="json")
    assert response.status_code == 201, response.content
    new = ChecklistTemplate.objects.get(pk=response.json()["id"])
    assert (new.version, new.agency) == (2, official_b.agency)


def test_a_revision_cannot_change_the_code(api_for, official_b):
    created = api_for(official_b).post("/api/v1/checklists/", {"code": "LZ-3", **CHECKLIST}, format="json")
    response = api_for(official_b).post(
        f"/api/v1/checklists/{created.json()['id']}/revise/", {"code": "OTHER", **CHECKLIST}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"code": ["未知字段。"]}


@pytest.fixture
def liuzhou_campaign(api_for, official_b):
    response = api_for(official_b).post(
        "/api/v1/campaigns/",
        {"title": "柳州专项行动", "region": "450202", "group_min_size": 1, "group_leaders": 1, "group_deputies": 0},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_a_liuzhou_official_cannot_put_a_xingxian_official_into_a_group(api_for, official_b, liuzhou_campaign):
    from campaigns.models import InspectionGroup
    from core.models import Region
    from tests.factories import AgencyFactory, UserFactory

    xingxian = AgencyFactory(name="兴县应急管理局", region=Region.objects.filter(name="兴县").first())
    stranger = UserFactory(username="xx_official", agency=xingxian, role="inspector")
    response = api_for(official_b).post(
        "/api/v1/groups/",
        {"campaign": liuzhou_campaign, "name": "第一组", "members": [{"user": stranger.pk, "role": "leader"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "user" in response.json()["members"]["0"]
    assert not InspectionGroup.objects.exists()


def test_a_liuzhou_official_forms_a_group_of_liuzhou_officials(api_for, official_b, liuzhou_campaign):
    response = api_for(official_b).post(
        "/api/v1/groups/",
        {"campaign": liuzhou_campaign, "name": "第一组", "members": [{"user": official_b.pk, "role": "leader"}]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert [m["user"] for m in response.json()["members"]] == [official_b.pk]


def test_the_group_service_rechecks_its_members(official_b, official_a, liuzhou_campaign):
    from campaigns.models import Campaign
    from campaigns.services import group_create
    from core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        group_create(
            actor=official_b,
            campaign=Campaign.objects.get(pk=liuzhou_campaign),
            name="第一组",
            members=[(official_a, "leader")],
        )
    assert caught.value.field == "members"
