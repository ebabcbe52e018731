"""The OpenAPI schema is complete and valid (later work fuzzes the whole API from it)."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_validates_without_warnings_and_documents_the_contract(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/enterprises/",
        "/api/v1/enterprises/import/",
        "/api/v1/campaigns/",
        "/api/v1/checklists/import/",
        "/api/v1/inspections/{id}/record.pdf",
        "/api/v1/hazards/{id}/accept/",
        "/api/v1/public/reports/",
    ):
        assert path in paths, path


@pytest.mark.django_db
def test_lists_are_documented_as_keyset_pages_and_plain_lists_as_arrays(tmp_path):
    """Paginated lists document `cursor` and the keyset page; an action answering a plain list (a
    record's history) documents an array, not a page it never sends."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    hazards = schema["paths"]["/api/v1/hazards/"]["get"]
    assert {"cursor", "page_size"} <= {p["name"] for p in hazards["parameters"]}
    page = schema["components"]["schemas"]["PaginatedHazardList"]
    assert set(page["required"]) == {"count", "count_estimated", "next", "previous", "results"}
    for path in ("/api/v1/hazards/{id}/history/", "/api/v1/enforcement-actions/{id}/history/"):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["type"] == "array", path
