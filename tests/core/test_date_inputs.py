"""Dates in Chinese forms: a saved date is written into <input type="date"> in ISO form, so the
browser shows it and re-saving the form keeps it (issue 11: the 五到位与双报告 form wrote
"2026/11/19", which the browser shows blank)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django import forms
from django.utils import translation

from hazards.forms import MajorPlanForm

pytestmark = pytest.mark.django_db


class _Stamp(forms.Form):
    at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


def test_date_widget_writes_iso_value_in_chinese():
    with translation.override("zh-hans"):
        html = str(MajorPlanForm(prefix="plan", initial={"reported_to_department_on": date(2026, 11, 19)}))
    assert 'value="2026-11-19"' in html
    assert "2026/11/19" not in html


def test_datetime_local_widget_writes_iso_value_and_reads_it_back_in_chinese():
    with translation.override("zh-hans"):
        html = str(_Stamp(initial={"at": datetime(2026, 11, 19, 8, 30)}))
        assert 'value="2026-11-19T08:30"' in html
        form = _Stamp({"at": "2026-11-19T08:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["at"].replace(tzinfo=None) == datetime(2026, 11, 19, 8, 30)


def test_chinese_typed_date_is_still_accepted_and_garbage_is_refused_naming_the_field():
    with translation.override("zh-hans"):
        good = MajorPlanForm(
            {
                "plan-responsibility": "主要负责人牵头",
                "plan-funds_planned": "1000",
                "plan-contingency_plan": "专项预案",
                "plan-reported_to_department_on": "2026年11月19日",
                "plan-reported_to_congress_on": "2026/11/20",
            },
            prefix="plan",
        )
        bad = MajorPlanForm({"plan-reported_to_department_on": "19.11.2026"}, prefix="plan")
        assert good.is_valid(), good.errors
        assert not bad.is_valid()
    assert good.cleaned_data["reported_to_department_on"] == date(2026, 11, 19)
    assert good.cleaned_data["reported_to_congress_on"] == date(2026, 11, 20)
    assert "reported_to_department_on" in bad.errors
    assert "日期" in str(bad.errors["reported_to_department_on"])


def _date_values(html: str) -> dict[str, str]:
    found = {}
    for tag in re.findall(r"<input[^>]*type=\"date\"[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            found[name.group(1)] = value.group(1) if value else ""
    return found


def test_major_plan_dates_render_as_iso_and_survive_a_resave(client, official_a, enterprise_a):
    from hazards.models import Hazard

    hazard = Hazard.objects.create(
        enterprise=enterprise_a,
        status="reported",
        level="major",
        source="finding",
        description="储罐区可燃气体报警器失效",
        location="储罐区",
        responsibility="主要负责人牵头，设备部落实",
        funds_planned="120000.00",
        contingency_plan="储罐泄漏专项应急预案",
        reported_to_department_on=date(2026, 11, 19),
        reported_to_congress_on=date(2026, 11, 20),
    )
    client.force_login(official_a)
    page = client.get(f"/hazards/{hazard.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    values = _date_values(page)
    assert values["plan-reported_to_department_on"] == "2026-11-19"
    assert values["plan-reported_to_congress_on"] == "2026-11-20"

    # Re-save the form as the browser would send it: the values it shows, unchanged.
    response = client.post(
        f"/hazards/{hazard.pk}/do/major_plan/",
        {
            "plan-responsibility": "主要负责人牵头，设备部落实",
            "plan-funds_planned": "120000.00",
            "plan-contingency_plan": "储罐泄漏专项应急预案",
            **values,
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.reported_to_department_on == date(2026, 11, 19)
    assert hazard.reported_to_congress_on == date(2026, 11, 20)
