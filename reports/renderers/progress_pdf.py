"""The progress report (工作进展情况) as PDF with WeasyPrint: data in, bytes out.

Like the inspection record PDF it uses the system's Noto CJK fonts (Debian `fonts-noto-cjk`,
embedded by WeasyPrint) and a locked-down URL fetcher. The report needs no resource at all, so the
fetcher refuses every URL: a crafted string in a task's note cannot make the renderer read a local
file or reach the network.
"""

from __future__ import annotations

from django.template.loader import render_to_string


class ForbiddenResource(Exception):
    """The PDF asked for a resource; the progress report loads none."""


def _fetcher():
    from weasyprint import URLFetcher

    class NothingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ForbiddenResource(url)

    return NothingFetcher(allowed_protocols=[], fail_on_errors=False)


def render_progress_html(data: dict) -> str:
    return render_to_string("reports/progress_pdf.html", {"data": data})


def render_progress_pdf(data: dict) -> bytes:
    """The PDF of a progress report (`reports.progress.progress_report_data`)."""
    from weasyprint import HTML

    return HTML(string=render_progress_html(data), base_url="about:", url_fetcher=_fetcher()).write_pdf()
