"""One "another jurisdiction gets 404" check per campaign endpoint (柳州 official vs 南宁 objects)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from campaigns.services import group_create, requirement_add, task_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nanning(official_a, campaign_a, agency_a, enterprise_a):
    people = [UserFactory(agency=agency_a, role="inspector") for _ in range(4)]
    group = group_create(
        actor=official_a,
        campaign=campaign_a,
        name="组",
        members=list(zip(people, ["leader", "deputy", "deputy", "member"], strict=True)),
    )
    task = task_add(actor=official_a, campaign=campaign_a, title="任务", lead_agency=agency_a)
    requirement = requirement_add(
        actor=official_a,
        campaign=campaign_a,
        title="方案",
        recurrence="once",
        due_date=date(2026, 12, 1),
        submitters="enterprises",
    )
    return {
        "campaign": campaign_a.pk,
        "group": group.pk,
        "task": task.pk,
        "submission": requirement.submissions.get().pk,
        "enterprise": enterprise_a.pk,
    }


# One row per campaign endpoint: (method, url, body, the person of 南宁 whose request succeeds, the
# success status). The same rows drive "another jurisdiction gets 404" and "the owner succeeds", so
# a renamed or removed route fails the owner's twin instead of passing as a 404.
ENDPOINTS = [
    ("get", "/api/v1/campaigns/{campaign}/", None, "official_a", 200),
    ("patch", "/api/v1/campaigns/{campaign}/", {"title": "x"}, "official_a", 200),
    ("get", "/api/v1/campaigns/{campaign}/enterprises/", None, "official_a", 200),
    ("post", "/api/v1/campaigns/{campaign}/targets/", {"name": "x"}, "official_a", 201),
    ("post", "/api/v1/campaigns/{campaign}/tasks/", {"title": "x", "lead_name": "x"}, "official_a", 201),
    (
        "post",
        "/api/v1/campaigns/{campaign}/report-requirements/",
        {"title": "x", "recurrence": "once", "due_date": "2026-12-01", "submitters": "enterprises"},
        "official_a",
        201,
    ),
    ("get", "/api/v1/groups/{group}/", None, "official_a", 200),
    (
        "post",
        "/api/v1/groups/{group}/visits/",
        {"enterprise": "{enterprise}", "start": "2026-04-01", "end": "2026-04-03"},
        "official_a",
        201,
    ),
    ("get", "/api/v1/campaign-tasks/{task}/", None, "official_a", 200),
    ("post", "/api/v1/campaign-tasks/{task}/status/", {"progress": "done"}, "official_a", 200),
    ("get", "/api/v1/submissions/{submission}/", None, "official_a", 200),
    ("post", "/api/v1/submissions/{submission}/submit/", {"text": "x"}, "enterprise_user", 200),
    ("get", "/api/v1/experts/?campaign={campaign}", None, "official_a", 200),
]
ENDPOINT_IDS = [f"{m} {u}" for m, u, *_ in ENDPOINTS]


def _send(client, method, url, body, nanning):
    if body:
        body = {k: (v.format(**nanning) if isinstance(v, str) else v) for k, v in body.items()}
    return getattr(client, method)(url.format(**nanning), body, format="json")


@pytest.mark.parametrize("method,url,body,owner,success", ENDPOINTS, ids=ENDPOINT_IDS)
def test_another_jurisdiction_gets_404(api_for, official_b, nanning, method, url, body, owner, success):
    response = _send(api_for(official_b), method, url, body, nanning)
    assert response.status_code == 404


@pytest.mark.parametrize("method,url,body,owner,success", ENDPOINTS, ids=ENDPOINT_IDS)
def test_the_owner_succeeds_on_the_same_endpoint(request, api_for, nanning, method, url, body, owner, success):
    response = _send(api_for(request.getfixturevalue(owner)), method, url, body, nanning)
    assert response.status_code == success, response.content


@pytest.mark.parametrize(
    "url", ["/api/v1/campaigns/", "/api/v1/groups/", "/api/v1/submissions/", "/api/v1/campaign-tasks/"]
)
def test_another_jurisdiction_lists_are_empty(api_for, official_b, nanning, url):
    assert api_for(official_b).get(url).json()["count"] == 0


@pytest.mark.parametrize(
    "url", ["/api/v1/campaigns/", "/api/v1/groups/", "/api/v1/submissions/", "/api/v1/campaign-tasks/"]
)
def test_the_owner_lists_are_not_empty(api_for, official_a, nanning, url):
    assert api_for(official_a).get(url).json()["count"] >= 1


def test_task_past_its_deadline_unfinished_is_overdue(official_a, campaign_a, agency_a):
    from campaigns.services import task_update_status

    task = task_add(actor=official_a, campaign=campaign_a, title="过期任务", lead_agency=agency_a)
    task.deadline = timezone.localdate() - timedelta(days=1)
    task.save()
    assert task.status == "overdue" and task.get_status_display() == "逾期"
    task = task_update_status(actor=official_a, task=task, progress="done")
    assert task.status == "done"
