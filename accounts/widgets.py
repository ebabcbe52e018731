"""User and agency pickers (search-as-you-type, scoped by accounts.views)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.widgets import RemoteSelect, RemoteSelectMultiple


def user_sub(person) -> str:
    """The grey line beside a person in a picker: agency (and 执法证) or the expert's organisation."""
    if person.agency_id:
        cert = f" · {_('执法证')} {person.cert_number}" if person.cert_number else ""
        return f"{person.agency.name}{cert}"
    return f"{_('专家')} · {person.organisation}" if person.organisation else _("专家")


def user_picker(*, multiple: bool = False, **params) -> RemoteSelect:
    """Officials of the user's region and below, and pool experts (`kind`, `campaign` narrow it)."""
    widget = RemoteSelectMultiple if multiple else RemoteSelect
    return widget(
        "user",
        "user_search",
        label=str,
        sub=user_sub,
        params=params,
        placeholder=_lazy("输入姓名或执法证号搜索"),
    )


def agency_picker(**params) -> RemoteSelect:
    return RemoteSelect(
        "agency",
        "agency_search",
        label=lambda a: a.name,
        sub=lambda a: a.region.name,
        params=params,
        placeholder=_lazy("输入部门名称搜索"),
    )
