"""A province-scale data set for measuring the product (issue 13): `manage.py generate_scale_data`.

Enterprises over 广西's townships and grids, three years of inspections and hazards with their
whole-process record, the campaigns of each year with their submissions, written with COPY (never
the ORM row by row) and reproducible: the same seed and the same `today` give the same rows.
"""

from __future__ import annotations

import random
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction

from core.audit import GENESIS
from core.errors import DomainError
from core.models import AuditChainHead, Industry
from core.reference import load_reference
from hazards.rollup import rollup_rebuild

from .copyload import Progress, load_table
from .enterprises import COLUMNS as ENTERPRISE_COLUMNS
from .enterprises import Registry, enterprise_lines, industry_lines
from .rows import (
    AUDIT_COLUMNS,
    HAZARD_COLUMNS,
    INSPECTION_COLUMNS,
    SUBMISSION_COLUMNS,
    Chain,
    audit_lines,
    hazard_lines,
    inspection_lines,
    pair_lines,
    submission_lines,
)
from .walk import Walk
from .world import create_campaigns, ensure_agencies, ensure_regions, local_dt, submission_rows

#: Tables whose rows are data: any row in one of them and the generator refuses unless --replace,
#: which empties them (TRUNCATE … CASCADE: with every table that refers to them).
DATA_TABLES = ["enterprises_enterprise", "inspections_inspection", "hazards_hazard", "campaigns_campaign"]
DATA_TABLES += ["core_auditentry"]
ANALYZED = [
    "core_region", "enterprises_enterprise", "enterprises_enterprise_industries", "campaigns_campaign",
    "campaigns_submission", "inspections_inspection", "inspections_inspection_inspectors", "hazards_hazard",
    "core_auditentry",
]  # fmt: skip


@dataclass
class Plan:
    enterprises: int
    hazards: int
    seed: int
    today: date


def tables_with_rows() -> list[str]:
    with connection.cursor() as cur:
        found = []
        for table in DATA_TABLES:
            cur.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
            if cur.fetchone()[0]:
                found.append(table)
        return found


@transaction.atomic
def empty_data_tables(write: Callable[[str], None]) -> None:
    """TRUNCATE the data tables and those that refer to them; the audit record only where the
    database allows it (`anquan.audit_truncate_allowed`, a throw-away database's setting)."""
    with connection.cursor() as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM core_auditentry)")
        if cur.fetchone()[0]:
            cur.execute("SELECT coalesce(current_setting('anquan.audit_truncate_allowed', true), '')")
            if cur.fetchone()[0] != "on":
                raise DomainError(
                    "该数据库的过程记录（审计）不允许清空：--replace 只能用于生成数据专用的数据库"
                    "（设置了 anquan.audit_truncate_allowed = on）。",
                    field="replace",
                )
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        raw = connection.connection
        del raw.notices[:]
        cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in DATA_TABLES) + " RESTART IDENTITY CASCADE")
        cascaded = sorted({n.rsplit('"', 2)[-2] for n in raw.notices if "truncate cascades" in n})
        cur.execute("SET CONSTRAINTS ALL DEFERRED")
        cur.execute("UPDATE core_auditchainhead SET last_hash = %s", [GENESIS])
    write(f"emptied {', '.join(DATA_TABLES)}" + (f" and, referring to them, {', '.join(cascaded)}" if cascaded else ""))


def generate(plan: Plan, write: Callable[[str], None]) -> Progress:
    """Write the whole data set into the (empty) data tables; returns the per-table figures."""
    progress = Progress(write)
    today = plan.today
    now = local_dt(today, 0)
    with transaction.atomic():
        load_reference()
        started = time.perf_counter()
        leaves = ensure_regions(plan.enterprises)
        world = ensure_agencies(leaves)
        create_campaigns(world, today - timedelta(days=3 * 365), today)
        progress.line("core_region (townships and grids)", len(leaves), time.perf_counter() - started)
    industry_ids = dict(Industry.objects.values_list("code", "id"))
    registry = Registry()
    with transaction.atomic():
        lines = enterprise_lines(plan.enterprises, world, industry_ids, registry, plan.seed, today, now)
        load_table("enterprises_enterprise", ENTERPRISE_COLUMNS, lines, progress)
    with transaction.atomic():
        load_table("enterprises_enterprise_industries", ["id", "enterprise_id", "industry_id"], industry_lines(registry), progress)  # fmt: skip
    submissions = submission_rows(world, random.Random(f"{plan.seed}:submissions"), today, now)
    with transaction.atomic():
        load_table("campaigns_submission", SUBMISSION_COLUMNS, submission_lines(submissions), progress)
    walk = Walk(seed=plan.seed, hazards=plan.hazards, today=today, world=world, registry=registry)
    inspectors = (array("I"), array("I"))
    with transaction.atomic():
        load_table("inspections_inspection", INSPECTION_COLUMNS, inspection_lines(walk, inspectors), progress)
    with transaction.atomic():
        load_table("inspections_inspection_inspectors", ["id", "inspection_id", "user_id"], pair_lines(inspectors), progress)  # fmt: skip
    del inspectors
    with transaction.atomic():
        load_table("hazards_hazard", HAZARD_COLUMNS, hazard_lines(walk), progress)
    chain = Chain()
    with transaction.atomic():
        load_table("core_auditentry", AUDIT_COLUMNS, audit_lines(walk, submissions, chain), progress)
        AuditChainHead.objects.update_or_create(pk=1, defaults={"last_hash": chain.last})
    started = time.perf_counter()
    # The hazards were COPYed around the services: their rollup is rebuilt from them in one statement.
    progress.line("hazards_hazardrollup", rollup_rebuild(), time.perf_counter() - started)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute('ANALYZE "hazards_hazardrollup"')
        for table in ANALYZED:
            cur.execute(f'ANALYZE "{table}"')
    progress.line("ANALYZE", 0, time.perf_counter() - started)
    return progress
