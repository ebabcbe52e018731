"""The hazard rollup (issue 13, "Figures from rollups"): kept exact by every write of a hazard and
every move or industry change of an enterprise, rebuilt and checked by `rebuild_rollups`, and the
hazard figures read from it equal the same figures counted live, for any scope and period."""

from __future__ import annotations

import datetime
import random
import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Industry, Region
from hazards import services
from hazards.models import Hazard, HazardRollup
from hazards.rollup import rollup_differences, rollup_rebuild
from reports.statistics.blocks import Row, compute, compute_periods, industry_rows, region_rows
from reports.statistics.figures import FIGURES, rows_of
from reports.statistics.indicators import campaign_hazard_counts
from reports.statistics.rollup import rollup_plan
from reports.statistics.scope import StatScope, make_scope, month_periods
from tests.hazards.conftest import photo

HAZARD_KEYS = [key for key, figure in FIGURES.items() if figure.source == "hazard"]
TOWNSHIPS = ["450102001", "450102002", "450103001", "450103002", "450202001", "450203001"]
INDUSTRIES = ["metallurgy", "machinery", "hazchem", "construction", "dust_explosion", "commerce", "road_transport"]
TODAY = timezone.localdate()


def _moment(rng: random.Random) -> datetime.datetime:
    """A local time in the last eleven months, often on a bucket's edge (days 1, 22, 23, month
    end) and near midnight, where a wrong time zone or bucket would show."""
    day = TODAY - datetime.timedelta(days=rng.randrange(0, 330))
    if rng.random() < 0.4:
        edge = rng.choice([1, 22, 23, 28])
        day = day.replace(day=min(edge, 28) if edge == 28 else edge)
    hour, minute = rng.choice([(0, 5), (23, 55), (10, 0), (16, 30)])
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def root(db):
    from tests.factories import UserFactory

    return UserFactory(username="root_rollup", is_superuser=True, is_staff=True)


@pytest.fixture
def random_world(official_a, root):
    """Seeded random hazards across regions, industries, campaigns, levels, states and months:
    created and moved through the services, histories written by saves, enterprises moved and
    their industries changed through enterprise_save."""
    from campaigns.services import campaign_create
    from enterprises.services import enterprise_save
    from tests.factories import EnterpriseFactory

    rng = random.Random(13)
    trade = Industry.objects.get(code="industry_trade")
    campaign = campaign_create(
        actor=official_a,
        title="南宁市工贸安全生产大检查",
        region=Region.objects.get(code="450100"),
        industries=[trade],
        period_start=TODAY - datetime.timedelta(days=400),
        period_end=TODAY + datetime.timedelta(days=60),
    )
    plan = campaign_create(
        actor=official_a, title="兴宁区实施方案", region=Region.objects.get(code="450102"), parent=campaign
    )
    other = campaign_create(actor=official_a, title="燃气专项", region=Region.objects.get(code="450100"))
    enterprises = [
        EnterpriseFactory(
            region=Region.objects.get(code=rng.choice(TOWNSHIPS)), industries=rng.sample(INDUSTRIES, rng.randint(1, 2))
        )
        for _i in range(14)
    ]
    hazards = []
    for i in range(160):
        hazard = services.hazard_report(
            actor=root,
            enterprise=rng.choice(enterprises),
            level=rng.choice(["general", "general", "major"]),
            description=f"随机隐患{i}",
            source="finding",
            campaign=rng.choice([campaign, plan, other, None]),
        )
        hazards.append(hazard)
    for hazard in hazards[:40]:  # whole lifecycles through the services
        hazard.refresh_from_db()
        if hazard.is_major:
            hazard = services.hazard_record_major_plan(
                hazard=hazard,
                actor=root,
                responsibility="设备部",
                funds_planned=Decimal("50000"),
                contingency_plan="专项预案",
                reported_to_department_on=TODAY,
                reported_to_congress_on=TODAY,
            )
            if rng.random() < 0.6:
                hazard = services.hazard_list_for_supervision(
                    hazard=hazard,
                    actor=root,
                    level=rng.choice(["province", "city", "county"]),
                    doc_number="督〔2026〕1号",
                    listed_on=_moment(rng).date(),
                )
        elif rng.random() < 0.3:
            hazard = services.hazard_rectify_immediately(
                hazard=hazard, actor=root, description="当场整改", photos=[photo()]
            )
            services.hazard_accept(hazard=hazard, actor=root)
            continue
        hazard = services.hazard_assign(
            hazard=hazard,
            actor=root,
            responsible_person="张三",
            measures="整改",
            deadline=_moment(rng).date() + datetime.timedelta(days=rng.randrange(0, 40)),
            executor="李四",
            acceptor="王五",
        )
        if rng.random() < 0.7:
            hazard = services.hazard_submit_rectification(
                hazard=hazard,
                actor=root,
                description="已整改",
                photos=[photo()],
                funds_spent=Decimal(rng.randrange(0, 90000)),
            )
            if rng.random() < 0.7:
                services.hazard_accept(hazard=hazard, actor=root)
            else:
                services.hazard_reject(hazard=hazard, actor=root, reason="照片不清")
    for hazard in hazards[40:]:  # histories: dates, deadlines, closing, listing written by saves
        found = _moment(rng)
        hazard.found_at = found
        if rng.random() < 0.7:
            hazard.deadline = found.date() + datetime.timedelta(days=rng.randrange(0, 60))
            hazard.measures = rng.choice(["", "更换设备"])
            hazard.status = "rectifying"
        if rng.random() < 0.5:
            hazard.status = "closed"
            hazard.closed_at = min(found + datetime.timedelta(days=rng.randrange(0, 50)), timezone.now())
            hazard.funds_spent = rng.choice([None, Decimal("1234.50"), Decimal("20000")])
            hazard.rectified_immediately = rng.random() < 0.3
        if hazard.level == "major" and rng.random() < 0.5:
            hazard.listed_level = rng.choice(["province", "city", "county"])
            hazard.listed_on = (found + datetime.timedelta(days=rng.randrange(0, 20))).date()
            hazard.responsibility = rng.choice(["", "安全部"])
            hazard.contingency_plan = rng.choice(["", "预案"])
            hazard.funds_planned = rng.choice([None, Decimal("8000")])
        hazard.save()
    for enterprise in rng.sample(enterprises, 4):  # moves and industry changes
        enterprise.region = Region.objects.get(code=rng.choice(TOWNSHIPS))
        enterprise_save(
            actor=root,
            enterprise=enterprise,
            industries=list(Industry.objects.filter(code__in=rng.sample(INDUSTRIES, rng.randint(1, 3)))),
        )
    return {"campaign": campaign, "plan": plan, "other": other, "enterprises": enterprises}


def _live_value(key: str, scope: StatScope):
    qs = rows_of(key, scope)
    figure = FIGURES[key]
    if figure.agg.startswith("sum:"):
        return figure.finish(qs.aggregate(v=Sum("funds_spent"))["v"])
    return figure.finish(qs.count())


def _assert_rows_equal_live(unit: StatScope, rows: list[Row]) -> None:
    values = compute(unit, rows, HAZARD_KEYS)
    for row in rows:
        scope = row.scope(unit)
        live = {key: _live_value(key, scope) for key in HAZARD_KEYS}
        assert values[row.key] == live, (row.key, unit.start, unit.end)


def _scopes(world, official_a, construction_official, root):
    city, county, province = (Region.objects.get(code=c) for c in ("450100", "450102", "450000"))
    june = month_periods(TODAY, 6, campaign=world["campaign"])[0]  # a whole report month (day 23)
    return {
        "city, a report month of the campaign": StatScope(
            region=city, start=june[1], end=june[2], campaign=world["campaign"], viewer=official_a
        ),
        "city, cumulative to today": make_scope(region=city, period="total", viewer=root),
        "county, bounds inside buckets": StatScope(
            region=county, start=TODAY - datetime.timedelta(days=200), end=TODAY - datetime.timedelta(days=9)
        ),
        "industry regulator": make_scope(region=city, period="total", viewer=construction_official),
        "province, industry filter": StatScope(
            region=province,
            start=TODAY - datetime.timedelta(days=250),
            end=TODAY,
            industry=Industry.objects.get(code="industry_trade"),
            viewer=official_a,
        ),
        "other campaign, cumulative": make_scope(region=city, period="total", campaign=world["other"], viewer=root),
    }


def test_rollup_equals_the_live_group_by_after_services_saves_and_moves(random_world):
    assert HazardRollup.objects.exists()
    assert rollup_differences() == []


def test_every_hazard_figure_from_the_rollup_equals_its_live_count(
    random_world, official_a, construction_official, root
):
    scopes = _scopes(random_world, official_a, construction_official, root)
    for name, unit in scopes.items():
        if unit.industry is None:
            rows = region_rows(unit.region) + industry_rows(unit.region)[:-1]
        else:  # a row's industry replaces the filter in its drill-down: rows of sub-industries (the dashboard's)
            subs = Industry.objects.filter(parent=unit.industry)
            rows = region_rows(unit.region) + [Row(i.code, i.name, "industry", unit.region, i) for i in subs]
        _assert_rows_equal_live(unit, rows)
        assert rollup_plan(unit) is not None, name  # all of them are read from the rollup
    assert not rollup_plan(scopes["city, a report month of the campaign"]).partial
    assert rollup_plan(scopes["county, bounds inside buckets"]).partial


def test_a_report_month_is_read_from_the_rollup_alone(random_world, official_a, construction_official, root):
    unit = _scopes(random_world, official_a, construction_official, root)["city, a report month of the campaign"]
    with CaptureQueriesContext(connection) as queries:
        compute(unit, region_rows(unit.region), HAZARD_KEYS)
    assert queries.captured_queries
    assert not any('"hazards_hazard"' in q["sql"] for q in queries.captured_queries)


def test_trend_periods_from_the_rollup_equal_their_live_counts(random_world, root, official_a):
    city = Region.objects.get(code="450100")
    for campaign in (None, random_world["campaign"]):
        unit = make_scope(region=city, period="total", campaign=campaign, viewer=official_a)
        periods = month_periods(TODAY, 12, campaign=campaign)
        values = compute_periods(unit, periods, ["hazards_found", "hazards_closed", "hazards_overdue", "funds_spent"])
        for label, start, end in periods:
            scope = StatScope(region=city, start=start, end=end, campaign=campaign, viewer=official_a, period=label)
            for key in values[label]:
                assert values[label][key] == _live_value(key, scope), (label, key)


def test_enterprise_users_and_one_enterprise_are_counted_live(random_world, root):
    from tests.factories import UserFactory

    enterprise = random_world["enterprises"][0]
    user = UserFactory(username="ent_rollup", kind="enterprise", enterprise=enterprise)
    region = Region.objects.get(code="450000")
    for scope in (
        make_scope(region=region, period="total", viewer=user),
        make_scope(region=region, period="total", viewer=root).narrowed(enterprise_id=enterprise.pk),
    ):
        assert rollup_plan(scope) is None
        _assert_rows_equal_live(scope, [Row("total", "", "total", region)])


def test_campaign_targets_count_the_campaign_tree_from_the_rollup(random_world):
    from campaigns.selectors import campaign_tree_ids

    campaign = random_world["campaign"]
    live = Hazard.objects.filter(campaign_id__in=campaign_tree_ids(campaign))
    assert campaign_hazard_counts(campaign) == {
        "total": live.count(),
        "major": live.filter(level="major").count(),
        "closed": live.filter(status="closed").count(),
        "major_closed": live.filter(level="major", status="closed").count(),
    }
    assert campaign_hazard_counts(campaign)["total"] > campaign_hazard_counts(random_world["plan"])["total"] > 0


def test_rebuild_check_passes_after_a_rebuild_and_names_an_altered_key(random_world, capsys):
    HazardRollup.objects.all().delete()
    with pytest.raises(CommandError) as missing:
        call_command("rebuild_rollups", "--check")
    assert missing.value.returncode != 0
    call_command("rebuild_rollups")
    call_command("rebuild_rollups", "--check")
    assert "matches" in capsys.readouterr().out
    row = HazardRollup.objects.filter(n__gt=0).order_by("pk").first()
    HazardRollup.objects.filter(pk=row.pk).update(n=F("n") + 1)
    with pytest.raises(CommandError) as altered:
        call_command("rebuild_rollups", "--check")
    assert altered.value.returncode != 0
    err = capsys.readouterr().err
    assert f"region_path={row.region_path!r}" in err and f"found_b={row.found_b}" in err
    assert f"rollup n={row.n + 1}" in err and f"live n={row.n}" in err
    assert rollup_rebuild() == HazardRollup.objects.count()
    assert rollup_differences() == []


def test_moving_an_enterprise_moves_its_hazards_figures(random_world, root):
    from enterprises.services import enterprise_save

    enterprise = random_world["enterprises"][1]
    count = Hazard.objects.filter(enterprise=enterprise).count()
    assert count
    enterprise.region = Region.objects.get(code="441502001")  # 汕尾: no other hazards there
    enterprise_save(actor=root, enterprise=enterprise, industries=[Industry.objects.get(code="tourism")])
    moved = HazardRollup.objects.filter(region_path__startswith="440000/")
    assert moved.aggregate(n=Sum("n"))["n"] == count
    assert set(moved.values_list("industry_key", flat=True)) == {f",{Industry.objects.get(code='tourism').pk},"}
    assert rollup_differences() == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_of_the_same_key_are_all_counted(enterprise_a):
    from tests.factories import UserFactory

    root = UserFactory(username="root_threads", is_superuser=True, is_staff=True)
    barrier = threading.Barrier(2)
    errors = []

    def work(offset: int) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(15):
                hazard = services.hazard_report(
                    actor=root,
                    enterprise=enterprise_a,
                    level="general",
                    description=f"并发{offset}-{i}",
                    source="finding",
                )
                if i % 3 == 0:
                    services.hazard_rectify_immediately(hazard=hazard, actor=root, description="整改", photos=[photo()])
        except Exception as exc:  # reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Hazard.objects.count() == 30
    assert rollup_differences() == []
    assert HazardRollup.objects.aggregate(n=Sum("n"))["n"] == 30
