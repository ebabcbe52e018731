"""Every operation of the OpenAPI schema × the personas (issue 12: a generated permission test).

For each operation the schema lists, the test finds the model its path names (through the URL
resolver and the viewset's queryset) and an object of that model owned by region A (南宁): an
enterprise, its campaign, task, submission, group, draw, inspection, hazard, enforcement action,
blacklist entry, expert conflict, statistics report, bulletin, checklist, and official A's export job
and notification. Then, reads and writes alike:

- anonymous gets 401;
- the personas of other jurisdictions (official of 柳州, user of a 柳州 enterprise, an outside expert)
  get 404 — or, for shared reference content every user may read (checklists, agencies, regions,
  industries), 403/404 on writes;
- the industry regulator (南宁住建局) and the enterprise user of A get what the model's
  `visible_to` gives them: 404 when it hides the object; on a write, when it shows it, a refusal
  (403) or a business answer, never 404 or a server error;
- the owner reads with 200 and writes past the scope check (anything but 401/403/404/405/5xx);
- on lists, only the personas that may see A's object find it among the rows.

A new operation on a model with no builder here fails `test_every_operation_is_covered`.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PERSONAS = [
    "official_b",
    "construction_official",
    "enterprise_user",
    "enterprise_user_b",
    "outsider",
    "anonymous",
    "official_a",  # last: the owner's write may change the object
]
# Never see anything of region A's enterprise data.
STRANGERS = {"official_b", "enterprise_user_b", "outsider"}
# Models whose rows every logged-in user reads (reference content); writes stay scoped.
REFERENCE = {"checklists.ChecklistTemplate", "accounts.Agency", "core.Region", "core.Industry"}
# Operations that answer the anonymous on purpose.
PUBLIC = {"/api/v1/auth/token/", "/api/v1/public/captcha/", "/api/v1/public/reports/"}
PUBLIC_PREFIXES = ("/api/v1/public/reports/",)
# Views whose queryset is built per request: the model their path parameter names.
PATH_MODELS = {
    "/api/v1/inspections/": "inspections.Inspection",
    "/api/v1/campaigns/{campaign_id}/": "campaigns.Campaign",
    "/api/v1/publications/": "enforcement.Publication",
}
# Operations whose legitimate actor in region A is not official A.
OWNERS = {
    ("post", "/api/v1/submissions/{id}/submit/"): "enterprise_user",
    ("post", "/api/v1/hazards/{id}/submit-rectification/"): "enterprise_user",
    ("post", "/api/v1/blacklist/{id}/object/"): "enterprise_user",
    ("post", "/api/v1/blacklist/{id}/apply-removal/"): "enterprise_user",
    ("post", "/api/v1/inspections/{id}/review/"): "leader_a",
    ("post", "/api/v1/stat-reports/{id}/submit/"): "district_official",
}
OWNER_PREFIXES = {"/api/v1/users/": "admin_a"}


def _owner(method: str, path: str) -> str:
    for prefix, owner in OWNER_PREFIXES.items():
        if path.startswith(prefix):
            return owner
    return OWNERS.get((method, path), "official_a")


@cache
def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _operations() -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, item in sorted(_schema()["paths"].items())
        for method in ("get", "post", "put", "patch", "delete")
        if method in item
    ]


def _model_label(path: str) -> str | None:
    for prefix, label in PATH_MODELS.items():
        if path.startswith(prefix):
            return label
    try:
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
    except Resolver404:
        return None
    queryset = getattr(getattr(match.func, "cls", None), "queryset", None)
    return None if queryset is None else queryset.model._meta.label


def _is_public(path: str) -> bool:
    return path in PUBLIC or path.startswith(PUBLIC_PREFIXES)


@pytest.fixture
def world(
    official_a,
    agency_a,
    enterprise_a,
    enterprise_user,
    district_official,
    region,
):
    """One object of every kind owned by region A (南宁), built through the services."""
    from accounts.models import Agency, Notification
    from campaigns.models import InspectionGroup
    from campaigns.services import campaign_create, group_create, requirement_add, task_add
    from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
    from core.models import Industry, Region
    from enforcement.models import Publication
    from enforcement.services import blacklist_notify, enforcement_create
    from hazards.services import hazard_report, public_report_submit
    from inspections.draws import draw_perform
    from inspections.services import expert_conflict_declare, inspection_plan
    from reports.models import Bulletin, ExportJob, StatReport
    from tests.factories import UserFactory

    template = ChecklistTemplate.objects.create(code="perm-check", name="权限检查表", agency=agency_a)
    section = ChecklistSection.objects.create(template=template, order=1, title="基础管理")
    ChecklistItem.objects.create(template=template, section=section, order=1, number="1", text="责任制")
    campaign = campaign_create(
        actor=official_a,
        title="南宁市危险化学品安全专项整治",
        region=region("450100"),
        industries=[Industry.objects.get(code="hazchem")],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    campaign.checklists.add(template)
    people = [
        UserFactory(agency=agency_a, role="inspector", cert_number=f"P{i}", cert_valid_until=datetime.date(2099, 1, 1))
        for i in range(4)
    ]
    group = group_create(
        actor=official_a,
        campaign=campaign,
        name="第一组",
        members=list(zip(people, ["leader", "deputy", "deputy", "member"], strict=True)),
    )
    task = task_add(actor=official_a, campaign=campaign, title="任务", lead_agency=agency_a)
    requirement = requirement_add(
        actor=official_a,
        campaign=campaign,
        title="方案",
        recurrence="once",
        due_date=datetime.date(2026, 12, 1),
        submitters="enterprises",
    )
    inspection = inspection_plan(
        actor=official_a,
        campaign=campaign,
        enterprise=enterprise_a,
        kind="patrol",
        inspectors=[official_a, people[0]],
        template=template,
    )
    draw = draw_perform(actor=official_a, campaign=campaign, count=1, seed=7)
    hazard = hazard_report(
        actor=official_a, enterprise=enterprise_a, level="general", description="报警器失效", source="finding"
    )
    action = enforcement_create(
        actor=official_a,
        kind="order_rectify",
        description="责令改正",
        enterprise=enterprise_a,
        ends_on=datetime.date(2099, 1, 1),
    )
    entry = blacklist_notify(actor=official_a, enterprise=enterprise_a, reason="事由", legal_basis="依据")
    expert = UserFactory(kind="expert", in_expert_pool=True)
    conflict = expert_conflict_declare(actor=official_a, expert=expert, enterprise=enterprise_a, reason="曾任顾问")
    nanning = Region.objects.get(code="450100")
    xingning = Region.objects.get(code="450102")
    report = StatReport.objects.create(
        campaign=campaign,
        form="seed004",
        region=xingning,
        region_path=xingning.path,
        agency=district_official.agency,
        period="2026-06",
        period_end=datetime.date(2026, 6, 30),
        created_by=official_a,
    )
    bulletin = Bulletin.objects.create(
        campaign=campaign,
        region=nanning,
        region_path=nanning.path,
        agency=agency_a,
        period="2026-06",
        title="通报",
        created_by=official_a,
    )
    job = ExportJob.objects.create(
        user=official_a, kind="hazards", status="done", expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    job.file.save("hazards.csv", ContentFile("编号\n1\n".encode()))
    publication = Publication.objects.create(
        agency=agency_a,
        kind="blacklist",
        enterprise_name=enterprise_a.name,
        summary="列入事由",
        blacklist_entry=entry,
        published_by=official_a,
    )
    public_report = public_report_submit(
        description="仓库堆放易燃物",
        location="兴宁区民生街道",
        region=Region.objects.get(code="450102"),
        industry=Industry.objects.get(code="hazchem"),
    )
    type(public_report).objects.filter(pk=public_report.pk).update(agency=agency_a)  # routed to agency A
    managed = UserFactory(username="managed_a", agency=agency_a, role="inspector")
    notification = Notification.objects.create(recipient=official_a, kind="general", title="通知", key="perm-1")
    objects = {
        "enterprises.Enterprise": enterprise_a,
        "campaigns.Campaign": campaign,
        "campaigns.Task": task,
        "campaigns.Submission": requirement.submissions.get(),
        "campaigns.InspectionGroup": group,
        "inspections.Draw": draw,
        "inspections.Inspection": inspection,
        "inspections.ExpertConflict": conflict,
        "hazards.Hazard": hazard,
        "enforcement.EnforcementAction": action,
        "enforcement.BlacklistEntry": entry,
        "reports.StatReport": report,
        "reports.Bulletin": bulletin,
        "reports.ExportJob": job,
        "accounts.Notification": notification,
        "accounts.User": managed,
        "enforcement.Publication": publication,
        "hazards.PublicReport": public_report,
        "checklists.ChecklistTemplate": template,
        "accounts.Agency": agency_a,
        "core.Region": nanning,
        "core.Industry": Industry.objects.get(code="hazchem"),
    }
    assert InspectionGroup._meta.label in objects and Agency._meta.label in objects
    return objects


@pytest.fixture
def admin_a(agency_a):
    """The administrator of agency A: the one who manages its users."""
    from tests.factories import UserFactory

    return UserFactory(username="admin_a", agency=agency_a, role="admin")


@pytest.fixture
def district_official(agency_a):
    """An inspector of 兴宁区, the district of 南宁 that reports to agency A."""
    from core.models import Region
    from tests.factories import AgencyFactory, UserFactory

    agency = AgencyFactory(name="兴宁区应急管理局", region=Region.objects.get(code="450102"), parent=agency_a)
    return UserFactory(username="xn_a", agency=agency, role="inspector")


@pytest.fixture
def clients(request):
    """persona name → API client (anonymous: no credentials)."""
    result = {}
    for name in PERSONAS + ["admin_a", "leader_a", "district_official"]:
        client = APIClient()
        if name != "anonymous":
            user = request.getfixturevalue(name)
            client.force_authenticate(user)
            client.user = user
        else:
            client.user = None
        result[name] = client
    return result


def _key(obj) -> str:
    return str(obj.code if obj._meta.label in ("core.Region", "core.Industry") else obj.pk)


def _url(path: str, obj) -> str:
    return re.sub(r"\{[^}]+\}", _key(obj), path)


def _send(client, method: str, url: str):
    """One request inside a savepoint that is rolled back: every persona meets the same object."""
    with transaction.atomic():
        response = client.get(url) if method == "get" else getattr(client, method)(url, {}, format="json")
        transaction.set_rollback(True)
    return response


def _sees(user, obj) -> bool:
    """Whether the model's scoping shows the object to the user (models without `visible_to`:
    only region A's officials)."""
    if user is None:
        return False
    manager = type(obj)._default_manager
    if not hasattr(manager, "visible_to") and hasattr(obj, "campaign"):
        return _sees(user, obj.campaign)
    if not hasattr(manager, "visible_to"):
        return (
            bool(user.agency_id)
            and user.agency.region.path.startswith("450000/450100/")
            and user.agency.kind == "emergency"
        )
    return manager.visible_to(user).filter(pk=obj.pk).exists()


OPERATIONS = _operations()
DETAIL = [(m, p) for m, p in OPERATIONS if "{" in p and not _is_public(p)]
COLLECTION = [(m, p) for m, p in OPERATIONS if "{" not in p and not _is_public(p)]
RESOURCES = sorted({label for _m, p in DETAIL if (label := _model_label(p))})


def test_every_operation_is_covered(world):
    missing = [f"{m.upper()} {p}" for m, p in DETAIL if _model_label(p) not in world]
    assert not missing, f"operations on objects with no builder in this test: {missing}"
    assert len(OPERATIONS) >= 100


def _expectation_broken(label: str, method: str, path: str, persona: str, owner: str, answer: dict) -> str | None:
    """What is wrong with this persona's answer (None when it is what its scope says).

    `answer` has the status for A's object and, as `absent`, for an id that does not exist: a
    refusal that is the same for both (a role that may never do this, input checked first) tells
    nothing about A's object and is accepted where 404 is expected."""
    status, absent, client, obj = answer["status"], answer["absent"], answer["client"], answer["obj"]
    if status >= 500:
        return "server error"
    if persona == "anonymous":
        return None if status == 401 else "anonymous must get 401"
    if persona == owner:
        if method == "get" and re.fullmatch(r".*/\{[^}]+\}/", path):
            return None if status == 200 else "the owner must read with 200"
        return None if status not in (401, 403, 404, 405) else "the owner must get past the scope check"
    if label in REFERENCE:
        if method == "get":
            return None if status == 200 else "reference content is readable by every user"
        # Readable by all anyway: input checked before the owner is, as for an absent id, is no leak.
        return None if status in (400, 403, 404, absent) else "reference content is writable only by its owner"
    if persona in STRANGERS or not _sees(client.user, obj):
        return None if status in (404, absent) else f"another jurisdiction must get 404 (absent id: {absent})"
    if status == 404:
        return "a persona who may see the object must not get 404"
    if method == "get" and status not in (200, 400, 403, 409):
        return "a persona who may see the object reads it (200), is refused (403) or told its state (400/409)"
    return None


@pytest.mark.parametrize("label", RESOURCES)
def test_an_object_of_region_a_answers_each_persona_as_its_scope_says(world, clients, label):
    obj = world[label]
    wrong = []
    for method, path in DETAIL:
        if _model_label(path) != label:
            continue
        url = _url(path, obj)
        owner = _owner(method, path)
        for persona in PERSONAS if owner in PERSONAS else [*PERSONAS, owner]:
            client = clients[persona]
            answer = {
                "status": _send(client, method, url).status_code,
                "absent": _send(client, method, re.sub(r"\{[^}]+\}", "999999999", path)).status_code,
                "client": client,
                "obj": obj,
            }
            problem = _expectation_broken(label, method, path, persona, owner, answer)
            status = answer["status"]
            if problem:
                wrong.append(f"{method.upper()} {path} as {persona}: {status} ({problem})")
    assert not wrong, "\n".join(wrong)


LISTS = [p for m, p in COLLECTION if m == "get"]
WRITES = [(m, p) for m, p in COLLECTION if m != "get"]


def test_lists_show_region_a_rows_only_to_those_who_may_see_them(world, clients):
    wrong = []
    for path in LISTS:
        label = _model_label(path)
        for persona in PERSONAS:
            response = _send(clients[persona], "get", path)
            status = response.status_code
            if status >= 500 or (persona == "anonymous") != (status == 401):
                wrong.append(f"GET {path} as {persona}: {status}")
                continue
            if persona == "anonymous" or label not in world or label in REFERENCE or status != 200:
                continue
            if "json" not in response.get("Content-Type", ""):
                continue
            body = response.json()
            rows = body["results"] if isinstance(body, dict) and "results" in body else body
            ids = {row.get("id") for row in rows if isinstance(row, dict)}
            obj = world[label]
            expected = persona not in STRANGERS and _sees(clients[persona].user, obj)
            if (obj.pk in ids) != expected:
                wrong.append(f"GET {path} as {persona}: A's row {'missing' if expected else 'shown'}")
    assert not wrong, "\n".join(wrong)


def test_creating_needs_a_login_and_never_fails_on_the_server(world, clients):
    wrong = []
    for method, path in WRITES:
        for persona in PERSONAS:
            status = _send(clients[persona], method, path).status_code
            if status >= 500 or (persona == "anonymous") != (status == 401):
                wrong.append(f"{method.upper()} {path} as {persona}: {status}")
    assert not wrong, "\n".join(wrong)
