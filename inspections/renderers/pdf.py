"""The inspection record PDF (现场检查记录): data in, bytes out, with WeasyPrint.

The URL fetcher is locked down: it serves only `appstatic:` URLs that resolve to the
application's own static files and `evidence:<id>` URLs of this inspection's evidence. Anything
else — file:// paths, http(s), data from elsewhere — raises, so a crafted string cannot make
the renderer read local files or reach the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from ..selectors import checklist_rows


class ForbiddenResource(Exception):
    """The PDF asked for a resource outside its allowed set."""


def _fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class RecordFetcher(URLFetcher):
        def __init__(self, evidence_paths: dict[str, str]):
            super().__init__(allowed_protocols=["appstatic", "evidence"], fail_on_errors=False)
            self.evidence_paths = evidence_paths

        def fetch(self, url, headers=None):
            if url.startswith("evidence:"):
                path = self.evidence_paths.get(url.removeprefix("evidence:"))
                if not path:
                    raise ForbiddenResource(url)
                return URLFetcherResponse(url, body=Path(path).read_bytes(), headers={"Content-Type": "image/jpeg"})
            if url.startswith("appstatic:"):
                relative = url.removeprefix("appstatic:")
                if ".." in relative.split("/"):
                    raise ForbiddenResource(url)
                found = finders.find(relative)
                if not found:
                    raise ForbiddenResource(url)
                mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=Path(found).read_bytes(), headers={"Content-Type": mime})
            raise ForbiddenResource(url)

    return RecordFetcher


def record_context(inspection) -> dict:
    evidence = list(inspection.evidence.all())
    photos = [e for e in evidence if e.is_image]
    return {
        "inspection": inspection,
        "sections": checklist_rows(inspection),
        "findings": list(inspection.findings.all()),
        "people": list(inspection.people_met.all()),
        "inspectors": list(inspection.inspectors.all()),
        "photos": photos,
        "general_photos": [p for p in photos if not p.item_id],
        "look_back_checks": list(inspection.look_back_checks.select_related("hazard")),
        "printed_at": timezone.localtime(),
    }


def render_inspection_record(inspection) -> bytes:
    """The 现场检查记录 of one inspection as PDF bytes (the caller checked the user may see it)."""
    from weasyprint import HTML

    context = record_context(inspection)
    html = render_to_string("inspections/record_pdf.html", context)
    paths = {str(e.pk): (e.display_path or e.stored_path) for e in context["photos"]}
    fetcher = _fetcher_class()(paths)
    return HTML(string=html, base_url="appstatic:", url_fetcher=fetcher).write_pdf()
