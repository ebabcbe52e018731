"""Forms of user administration and of the user's own password (forced change, one-time link)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from core.models import Industry
from core.widgets import RemoteSelect

from . import selectors
from .choices import OfficialRole, UserKind
from .widgets import agency_picker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

ACTIVE_CHOICES = [("", _("全部")), ("1", _("启用")), ("0", _("已停用"))]
PASSWORD_MODES = [
    ("link", _("生成一次性设置密码链接（有邮箱时同时发送邮件）")),
    ("initial", _("设置初始密码（首次登录须修改）")),
]


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxInput)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def enterprise_picker() -> RemoteSelect:
    """The enterprise search of the registry (scoped there to what the user may see); built here by
    URL name, as accounts sits below enterprises."""
    return RemoteSelect(
        "enterprise",
        "enterprises:search",
        label=lambda e: e.name,
        sub=lambda e: e.uscc,
        placeholder=_("输入企业名称或统一社会信用代码"),
    )


class UserFilterForm(forms.Form):
    """Search and filters of the user list (every field optional; bad values are ignored)."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=50)
    agency = forms.ModelChoiceField(label=_("部门"), queryset=None, required=False, empty_label=_("全部部门"))
    kind = forms.ChoiceField(label=_("用户类型"), choices=[("", _("全部类型")), *UserKind.choices], required=False)
    active = forms.ChoiceField(label=_("状态"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.manageable_agencies(actor).order_by("region__path", "name")
        self.fields["q"].widget.attrs["placeholder"] = _("用户名、姓名、手机或执法证号")
        _styled(self)

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        qs = selectors.user_search(qs, data["q"])
        if data["agency"]:
            qs = qs.filter(agency=data["agency"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["active"]:
            qs = qs.filter(is_active=data["active"] == "1")
        return qs


class UserForm(forms.Form):
    """开设 or 修改 an account. Choices are limited to what the administrator may use; the service
    checks everything again."""

    kind = forms.ChoiceField(label=_("用户类型"), choices=UserKind.choices, initial=UserKind.OFFICIAL)
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    agency = forms.ModelChoiceField(
        label=_("所属部门"),
        queryset=None,
        required=False,
        widget=agency_picker(manage="1"),
        error_messages={"invalid_choice": _("所选部门不存在或不在您的管理范围内。")},
    )
    role = forms.ChoiceField(label=_("部门角色"), choices=[("", "—"), *OfficialRole.choices], required=False)
    cert_number = forms.CharField(label=_("执法证号"), max_length=50, required=False)
    cert_valid_until = forms.DateField(label=_("执法证有效期至"), required=False, widget=DATE)
    enterprise = forms.ModelChoiceField(
        label=_("所属企业"),
        queryset=None,
        required=False,
        widget=enterprise_picker(),
        error_messages={"invalid_choice": _("所选企业不存在或不在您的辖区内。")},
    )
    organisation = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    in_expert_pool = forms.BooleanField(label=_("入选专家库"), required=False)
    specialties = forms.ModelMultipleChoiceField(
        label=_("专业领域"), queryset=Industry.objects.order_by("path"), required=False
    )

    #: which fields belong to which kind (the page shows only the current kind's)
    KIND_FIELDS = {
        "agency": UserKind.OFFICIAL,
        "role": UserKind.OFFICIAL,
        "cert_number": UserKind.OFFICIAL,
        "cert_valid_until": UserKind.OFFICIAL,
        "enterprise": UserKind.ENTERPRISE,
        "organisation": UserKind.EXPERT,
        "in_expert_pool": UserKind.EXPERT,
        "specialties": UserKind.EXPERT,
    }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.manageable_agencies(actor)
        self.fields["enterprise"].queryset = selectors.manageable_enterprises(actor)
        self.fields["specialties"].widget.attrs["data-multi"] = "1"
        self.fields["kind"].widget.attrs["data-user-kind"] = "1"
        _styled(self)
        for name, kind in self.KIND_FIELDS.items():
            self.fields[name].kind = kind
        for name in ("agency", "role", "enterprise"):  # required for their kind (the star on the page)
            self.fields[name].kind_required = True

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # Fields of another kind are left empty (a hidden section may still hold a value).
        for name, owner in self.KIND_FIELDS.items():
            if kind and owner != kind and name in data:
                data[name] = [] if name == "specialties" else (False if name == "in_expert_pool" else None)
        for name in ("role", "cert_number", "organisation"):
            if data.get(name) is None and name in data:
                data[name] = ""
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["specialties"] = list(data.get("specialties") or [])
        return {k: v for k, v in data.items() if k in UserForm.base_fields}


class UserCreateForm(UserForm):
    password_mode = forms.ChoiceField(label=_("密码"), choices=PASSWORD_MODES, initial="link", widget=forms.RadioSelect)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不能全是数字；用户首次登录后须修改。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("password_mode") == "initial" and not data.get("password"):
            self.add_error("password", _("选择初始密码时须填写初始密码。"))
        if data.get("password_mode") == "link":
            data["password"] = None
        return data


class UserPasswordForm(forms.Form):
    """重置密码 of an existing account: a new initial password or a one-time link."""

    password_mode = forms.ChoiceField(label=_("方式"), choices=PASSWORD_MODES, widget=forms.RadioSelect)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean(self):
        data = super().clean()
        if data.get("password_mode") == "initial" and not data.get("password"):
            self.add_error("password", _("选择初始密码时须填写初始密码。"))
        return data


class ForcedPasswordChangeForm(PasswordChangeForm):
    """修改密码; the new password must differ from the old one, and saving it lifts the forced change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            raise forms.ValidationError(_("新密码不能与原密码相同。"), code="password_unchanged")
        return new

    def save(self, commit=True):
        from .services import user_password_changed

        user = super().save(commit=commit)
        if commit:
            user_password_changed(user=user)
        return user


class LinkSetPasswordForm(SetPasswordForm):
    """The page behind a one-time set-password link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)

    def save(self, commit=True):
        from .services import user_password_changed

        user = super().save(commit=commit)
        if commit:
            user_password_changed(user=user)
        return user
