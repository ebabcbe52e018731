"""User administration over the API (`GET|POST|PATCH /api/v1/users/`, a one-time set-password link)
and who I am (`GET /api/v1/me/`).

Only agency administrators (and superusers) reach /users/ (everyone else: 403); the list and the
objects are those `selectors.users_managed_by` gives, so a user outside the administrator's scope
answers 404. No DELETE: an account is deactivated with PATCH `{"is_active": false}`. The services
decide; the serializers translate.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.choices import OfficialRole, UserKind
from accounts.models import Agency, User
from core.errors import DomainError
from core.models import Industry, Region
from core.serializers import EmptyInputSerializer, StrictSerializer

Enterprise = User._meta.get_field("enterprise").related_model

ERRORS = {
    400: OpenApiResponse(description=_lazy("输入有误：字段及中文说明")),
    401: OpenApiResponse(description=_lazy("未登录或令牌无效")),
    403: OpenApiResponse(description=_lazy("不是部门管理员，或须先修改初始密码")),
}
NOT_FOUND = {404: OpenApiResponse(description=_lazy("用户不存在或不在您的管理范围内"))}


# --- serializers ---------------------------------------------------------------------------------


class AgencyBriefSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)


class UserEnterpriseSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    uscc = serializers.CharField(read_only=True)


class UserSerializer(StrictSerializer):
    """An account as the administrator sees it (never its password)."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=UserKind.choices, read_only=True)
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    role = serializers.ChoiceField(choices=[("", "—"), *OfficialRole.choices], read_only=True)
    enterprise = UserEnterpriseSerializer(read_only=True, allow_null=True)
    cert_number = serializers.CharField(read_only=True)
    cert_valid_until = serializers.DateField(read_only=True, allow_null=True)
    in_expert_pool = serializers.BooleanField(read_only=True)
    specialties = serializers.SerializerMethodField()
    organisation = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    must_change_password = serializers.BooleanField(read_only=True)
    has_usable_password = serializers.BooleanField(read_only=True)
    last_login = serializers.DateTimeField(read_only=True, allow_null=True)
    date_joined = serializers.DateTimeField(read_only=True)

    def get_specialties(self, obj) -> list[str]:
        # A method field: drf-spectacular cannot type a read-only slug field outside a ModelSerializer.
        return [industry.code for industry in obj.specialties.all()]


class UserCreatedSerializer(UserSerializer):
    set_password_url = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_lazy("一次性设置密码链接：只在此应答中出现一次；设置了初始密码时为 null"),
    )
    set_password_emailed = serializers.BooleanField(read_only=True, help_text=_lazy("链接是否已发送到用户邮箱"))


class PasswordLinkSerializer(StrictSerializer):
    url = serializers.CharField(read_only=True, help_text=_lazy("一次性设置密码链接（只显示这一次）"))
    emailed = serializers.BooleanField(read_only=True)


def _relation(queryset, label, missing):
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset,
        required=False,
        allow_null=True,
        label=label,
        error_messages={"does_not_exist": missing, "incorrect_type": missing},
    )


class UserWriteSerializer(StrictSerializer):
    """The fields an administrator sets; back-office rights are not among them (unknown → 400)."""

    reference_querysets = {
        "agency": selectors.manageable_agencies,
        "enterprise": selectors.manageable_enterprises,
    }

    username = serializers.CharField(label=_lazy("用户名"), max_length=150)
    kind = serializers.ChoiceField(label=_lazy("用户类型"), choices=UserKind.choices)
    display_name = serializers.CharField(label=_lazy("姓名"), max_length=50)
    phone = serializers.CharField(label=_lazy("手机"), max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(label=_lazy("电子邮箱"), required=False, allow_blank=True)
    agency = _relation(Agency.objects.none(), _lazy("所属部门"), _lazy("部门不存在或不在您的管理范围内。"))
    role = serializers.ChoiceField(
        label=_lazy("部门角色"), choices=OfficialRole.choices, required=False, allow_blank=True
    )
    enterprise = _relation(Enterprise.objects.none(), _lazy("所属企业"), _lazy("企业不存在或不在您的辖区内。"))
    cert_number = serializers.CharField(label=_lazy("执法证号"), max_length=50, required=False, allow_blank=True)
    cert_valid_until = serializers.DateField(label=_lazy("执法证有效期至"), required=False, allow_null=True)
    in_expert_pool = serializers.BooleanField(label=_lazy("入选专家库"), required=False)
    specialties = serializers.SlugRelatedField(
        label=_lazy("专业领域"),
        slug_field="code",
        many=True,
        required=False,
        queryset=Industry.objects.all(),
        help_text=_lazy("行业代码列表（外部专家）"),
    )
    organisation = serializers.CharField(label=_lazy("工作单位"), max_length=100, required=False, allow_blank=True)
    password = serializers.CharField(
        label=_lazy("初始密码"),
        write_only=True,
        required=False,
        allow_null=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_lazy("初始密码（用户首次登录后须修改）；不填则生成一次性设置密码链接"),
    )


class UserUpdateSerializer(UserWriteSerializer):
    """PATCH: any subset; `is_active: false` deactivates, a `password` is a new initial password."""

    username = serializers.CharField(label=_lazy("用户名"), max_length=150, required=False)
    kind = serializers.ChoiceField(label=_lazy("用户类型"), choices=UserKind.choices, required=False)
    display_name = serializers.CharField(label=_lazy("姓名"), max_length=50, required=False)
    is_active = serializers.BooleanField(label=_lazy("启用"), required=False)
    password = serializers.CharField(
        label=_lazy("初始密码"),
        write_only=True,
        required=False,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_lazy("新的初始密码（用户下次登录后须修改）"),
    )


# --- filters and permission ----------------------------------------------------------------------


class UserFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_lazy("用户名、姓名、手机或执法证号"))
    agency = django_filters.NumberFilter(field_name="agency_id", label=_lazy("部门"))
    kind = django_filters.ChoiceFilter(choices=UserKind.choices, label=_lazy("用户类型"))
    is_active = django_filters.BooleanFilter(label=_lazy("启用"))

    class Meta:
        model = User
        fields = ["search", "agency", "kind", "is_active"]

    def filter_search(self, queryset, name, value):
        return selectors.user_search(queryset, value)


class IsUserAdministrator(permissions.BasePermission):
    message = _lazy("只有部门管理员可以管理用户。")

    def has_permission(self, request, view):
        return selectors.may_administer_users(request.user)


def _as_validation_error(exc: DomainError):
    """A refused field answers like any other bad input: `{field: [message]}` (403 stays 403)."""
    if exc.status_code == 400 and exc.field:
        return serializers.ValidationError({exc.field: [exc.message]})
    return exc


# --- views ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_lazy("我可管理的用户"), responses={200: UserSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary=_lazy("用户详情"), responses={200: UserSerializer, **ERRORS, **NOT_FOUND}),
    create=extend_schema(
        summary=_lazy("开设账号"),
        request=UserWriteSerializer,
        responses={201: UserCreatedSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary=_lazy("修改、停用或启用账号"),
        request=UserUpdateSerializer,
        responses={200: UserSerializer, **ERRORS, **NOT_FOUND},
    ),
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """用户管理: the accounts an agency administrator manages."""

    permission_classes = [permissions.IsAuthenticated, IsUserAdministrator]
    serializer_class = UserSerializer
    filterset_class = UserFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = User.objects.none()

    def get_queryset(self):
        return selectors.users_managed_by(self.request.user).order_by("pk")

    def get_serializer_class(self):
        if self.action == "create":
            return UserWriteSerializer
        if self.action == "partial_update":
            return UserUpdateSerializer
        if self.action == "password_link":
            return EmptyInputSerializer
        return UserSerializer

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        try:
            user = services.user_create(actor=request.user, **fields)
            link = None if fields.get("password") else services.user_password_link(actor=request.user, user=user)
        except DomainError as exc:
            raise _as_validation_error(exc) from exc
        body = UserCreatedSerializer(self._fresh(user)).data
        body["set_password_url"] = link.url if link else None
        body["set_password_emailed"] = bool(link and link.emailed)
        return Response(body, status=201)

    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        data = self.get_serializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            fields = dict(data.validated_data)
            if fields.get("is_active") is False:
                fields.pop("is_active")
                if fields:
                    person = services.user_update(actor=request.user, user=person, **fields)
                person = services.user_deactivate(actor=request.user, user=person)
            elif fields:
                person = services.user_update(actor=request.user, user=person, **fields)
        except DomainError as exc:
            raise _as_validation_error(exc) from exc
        return Response(UserSerializer(self._fresh(person)).data)

    @extend_schema(
        summary=_lazy("生成一次性设置密码链接"),
        request=None,
        responses={201: PasswordLinkSerializer, **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="password-link")
    def password_link(self, request, pk=None):
        """A new one-time link to set the password: answered once, emailed when the user has an address."""
        person = self.get_object()
        EmptyInputSerializer(data=request.data).is_valid(raise_exception=True)
        try:
            link = services.user_password_link(actor=request.user, user=person)
        except DomainError as exc:
            raise _as_validation_error(exc) from exc
        return Response({"url": link.url, "emailed": link.emailed}, status=201)

    @staticmethod
    def _fresh(user):
        return (
            User.objects.select_related("agency__region", "enterprise").prefetch_related("specialties").get(pk=user.pk)
        )


# --- who I am ------------------------------------------------------------------------------------


class RegionBriefSerializer(StrictSerializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class IndustryBriefSerializer(StrictSerializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class JurisdictionSerializer(StrictSerializer):
    kind = serializers.ChoiceField(
        choices=[("all", "全部"), ("region", "辖区"), ("enterprise", "本企业"), ("groups", "所在检查组")],
        read_only=True,
        help_text=_lazy("all：超级管理员；region：部门辖区；enterprise：本企业；groups：专家所在检查组"),
    )
    region = RegionBriefSerializer(read_only=True, allow_null=True)
    path = serializers.CharField(read_only=True, help_text=_lazy("区划路径（代码）"))
    path_name = serializers.CharField(read_only=True, help_text=_lazy("区划路径（名称）"))
    all_industries = serializers.BooleanField(read_only=True, help_text=_lazy("综合监管：全部行业"))
    industries = IndustryBriefSerializer(many=True, read_only=True, help_text=_lazy("监管行业（综合监管时为空）"))
    industries_display = serializers.CharField(read_only=True, help_text=_lazy("「全部」或行业名称"))


class MeSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=UserKind.choices, read_only=True)
    role = serializers.ChoiceField(choices=[("", "—"), *OfficialRole.choices], read_only=True)
    agency = AgencyBriefSerializer(read_only=True, allow_null=True)
    enterprise = UserEnterpriseSerializer(read_only=True, allow_null=True)
    jurisdiction = JurisdictionSerializer(read_only=True)
    is_superuser = serializers.BooleanField(read_only=True)
    can_manage_users = serializers.BooleanField(read_only=True)
    must_change_password = serializers.BooleanField(read_only=True)


def jurisdiction_of(user) -> dict:
    everything = _("全部")
    blank = {"region": None, "path": "", "path_name": "", "all_industries": False, "industries": []}
    if user.is_superuser:
        return {**blank, "kind": "all", "all_industries": True, "industries_display": everything}
    if user.is_official:
        agency = user.agency
        region: Region = agency.region
        industries = [] if agency.comprehensive else list(agency.industries.order_by("path"))
        return {
            "kind": "region",
            "region": region,
            "path": region.path,
            "path_name": " / ".join(r.name for r in region.ancestors()),
            "all_industries": agency.comprehensive,
            "industries": industries,
            "industries_display": everything if agency.comprehensive else "、".join(i.name for i in industries),
        }
    if user.is_enterprise_user:
        region = user.enterprise.region
        return {
            **blank,
            "kind": "enterprise",
            "region": region,
            "path": region.path,
            "path_name": " / ".join(r.name for r in region.ancestors()),
            "industries_display": "",
        }
    return {**blank, "kind": "groups", "industries_display": ""}


class MeView(APIView):
    """我是谁: the logged-in user, their agency or enterprise, role and jurisdiction."""

    @extend_schema(summary=_lazy("当前用户"), responses={200: MeSerializer, 401: ERRORS[401], 403: ERRORS[403]})
    def get(self, request):
        user = request.user
        body = {
            "id": user.pk,
            "username": user.username,
            "display_name": user.display_name,
            "kind": user.kind,
            "role": user.role,
            "agency": user.agency if user.agency_id else None,
            "enterprise": user.enterprise if user.enterprise_id else None,
            "jurisdiction": jurisdiction_of(user),
            "is_superuser": user.is_superuser,
            "can_manage_users": selectors.may_administer_users(user),
            "must_change_password": user.must_change_password,
        }
        return Response(MeSerializer(body).data)
