"""API serializers of campaigns: they translate; the services decide."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Agency, User
from checklists.models import ChecklistTemplate
from core.models import Industry, Region
from core.serializers import StrictModelSerializer, StrictSerializer
from enterprises.models import Enterprise
from enterprises.references import usable_agencies, usable_people
from reports.statistics.indicators import target_value

from ..choices import GroupRole, Indicator, Recurrence, StatForm, Submitters, TaskStatus
from ..models import (
    Campaign,
    GroupMember,
    GroupVisit,
    InspectionGroup,
    Phase,
    ReportRequirement,
    Submission,
    SubmissionReminder,
    Target,
    Task,
    TaskAttachment,
)
from ..services.campaigns import GROUP_RULE_LIMITS


class PhaseSerializer(StrictModelSerializer):
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = ["id", "order", "name", "start", "end", "description", "is_current"]
        read_only_fields = ["id", "order", "is_current"]

    def get_is_current(self, obj) -> bool:
        return obj.is_current()


class TargetSerializer(StrictModelSerializer):
    numerator = serializers.SerializerMethodField()
    denominator = serializers.SerializerMethodField()
    value = serializers.SerializerMethodField()
    quantified = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "name",
            "indicator",
            "target_value",
            "key_industries_only",
            "quantified",
            "numerator",
            "denominator",
            "value",
        ]

    def _live(self, obj):
        cache = self.context.setdefault("_live", {})
        if obj.pk not in cache:
            cache[obj.pk] = target_value(obj)
        return cache[obj.pk]

    def get_quantified(self, obj) -> bool:
        return bool(obj.indicator)

    def get_numerator(self, obj) -> int | None:
        live = self._live(obj)
        return live.numerator if live else None

    def get_denominator(self, obj) -> int | None:
        live = self._live(obj)
        return live.denominator if live else None

    def get_value(self, obj) -> str | None:
        live = self._live(obj)
        if live is None:
            return "未量化（暂无数据来源）"
        return None if live.value is None else str(live.value)


class TaskSerializer(StrictModelSerializer):
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    lead_agency_name = serializers.CharField(source="lead_agency.name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "lead_name",
            "lead_agency",
            "lead_agency_name",
            "cooperating_names",
            "deadline",
            "progress",
            "status",
            "status_display",
            "note",
        ]


class ReportRequirementSerializer(StrictModelSerializer):
    class Meta:
        model = ReportRequirement
        fields = ["id", "title", "recurrence", "due_date", "day_of_month", "submitters", "stat_form"]


class CampaignListSerializer(StrictModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    industries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    agency_name = serializers.CharField(source="agency.name", default=None, read_only=True, allow_null=True)
    current_phase = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "doc_number",
            "issuer",
            "issue_date",
            "kind",
            "region",
            "region_name",
            "industries",
            "period_start",
            "period_end",
            "parent",
            "agency",
            "agency_name",
            "source_seed",
            "current_phase",
        ]

    def get_current_phase(self, obj) -> str | None:
        phase = obj.current_phase()
        return phase.name if phase else None


class CampaignDetailSerializer(CampaignListSerializer):
    phases = PhaseSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    report_requirements = ReportRequirementSerializer(many=True, read_only=True)
    checklists = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    class Meta(CampaignListSerializer.Meta):
        fields = CampaignListSerializer.Meta.fields + [
            "summary",
            "group_min_size",
            "group_max_size",
            "group_leaders",
            "group_deputies",
            "visits_per_month",
            "visit_days_min",
            "visit_days_max",
            "score_coverage",
            "score_rectification",
            "score_major_closed",
            "score_timeliness",
            "phases",
            "targets",
            "tasks",
            "report_requirements",
            "checklists",
            "children",
        ]

    def get_checklists(self, obj) -> list[dict]:
        return [{"id": t.id, "code": t.code, "version": t.version, "name": t.name} for t in obj.checklists.all()]

    def get_children(self, obj) -> list[dict]:
        user = self.context["request"].user
        return [
            {"id": c.id, "title": c.title, "region": c.region.code}
            for c in obj.children.visible_to(user).select_related("region")
        ]


class PhaseInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=100)
    start = serializers.DateField()
    end = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


def _group_rule(field: str) -> serializers.IntegerField:
    low, high = GROUP_RULE_LIMITS[field]
    return serializers.IntegerField(min_value=low, max_value=high, required=False)


class CampaignWriteSerializer(StrictSerializer):
    # A region outside the jurisdiction is refused by the service with a message saying so.
    reference_querysets = {
        "parent": lambda user: Campaign.objects.visible_to(user),
        "checklists": lambda user: ChecklistTemplate.objects.visible_to(user),
    }
    title = serializers.CharField(max_length=300)
    doc_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    issue_date = serializers.DateField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=Campaign._meta.get_field("kind").choices, required=False)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    industries = serializers.SlugRelatedField(
        slug_field="code", queryset=Industry.objects.all(), many=True, required=False
    )
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    phases = PhaseInputSerializer(many=True, required=False)
    checklists = serializers.PrimaryKeyRelatedField(queryset=ChecklistTemplate.objects.all(), many=True, required=False)
    group_min_size = _group_rule("group_min_size")
    group_max_size = _group_rule("group_max_size")
    group_leaders = _group_rule("group_leaders")
    group_deputies = _group_rule("group_deputies")
    visits_per_month = _group_rule("visits_per_month")
    visit_days_min = _group_rule("visit_days_min")
    visit_days_max = _group_rule("visit_days_max")
    score_coverage = serializers.IntegerField(min_value=0, max_value=100, required=False)
    score_rectification = serializers.IntegerField(min_value=0, max_value=100, required=False)
    score_major_closed = serializers.IntegerField(min_value=0, max_value=100, required=False)
    score_timeliness = serializers.IntegerField(min_value=0, max_value=100, required=False)


class TargetInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=300)
    indicator = serializers.ChoiceField(choices=Indicator.choices, required=False, allow_blank=True, default="")
    target_value = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    key_industries_only = serializers.BooleanField(required=False, allow_null=True, default=None)


class TaskInputSerializer(StrictSerializer):
    reference_querysets = {"lead_agency": usable_agencies, "cooperating_agencies": usable_agencies}
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    lead_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False, allow_null=True)
    lead_name = serializers.CharField(required=False, allow_blank=True, default="")
    cooperating_agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False, default=list
    )
    cooperating_names = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    deadline = serializers.DateField(required=False, allow_null=True)


class TaskStatusInputSerializer(StrictSerializer):
    progress = serializers.ChoiceField(choices=[c for c in TaskStatus.choices if c[0] != TaskStatus.OVERDUE])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RequirementInputSerializer(StrictSerializer):
    title = serializers.CharField(max_length=300)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices)
    submitters = serializers.ChoiceField(choices=Submitters.choices)
    due_date = serializers.DateField(required=False, allow_null=True)
    day_of_month = serializers.IntegerField(required=False, allow_null=True)
    stat_form = serializers.ChoiceField(choices=StatForm.choices, required=False, allow_blank=True, default="")


class EnterpriseBriefSerializer(StrictModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    industries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "uscc", "region", "industries", "risk_grade"]


class GroupMemberSerializer(StrictModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = GroupMember
        fields = ["user", "name", "role"]


class GroupVisitSerializer(StrictModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = GroupVisit
        fields = ["id", "enterprise", "enterprise_name", "start", "end", "note"]


class GroupSerializer(StrictModelSerializer):
    members = GroupMemberSerializer(many=True, read_only=True)
    visits = GroupVisitSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionGroup
        fields = ["id", "campaign", "name", "agency", "members", "visits"]


class MemberInputSerializer(StrictSerializer):
    reference_querysets = {"user": usable_people}
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    role = serializers.ChoiceField(choices=GroupRole.choices)


class GroupInputSerializer(StrictSerializer):
    # The campaign is looked up by the view: out of scope → 404.
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    name = serializers.CharField(max_length=100)
    members = MemberInputSerializer(many=True)


class SubmissionSubmitInputSerializer(StrictSerializer):
    """报送: a text, a file, or both (the requirement decides what is needed)."""

    text = serializers.CharField(required=False, allow_blank=True, default="", label="报送内容")
    file = serializers.FileField(required=False, label="附件")


class VisitInputSerializer(StrictSerializer):
    reference_querysets = {"enterprise": lambda user: Enterprise.objects.visible_to(user)}
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    start = serializers.DateField()
    end = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExpertSerializer(StrictModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    specialties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "name", "organisation", "specialties"]


class SubmissionReminderSerializer(StrictModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    sent_by_name = serializers.SerializerMethodField()

    class Meta:
        model = SubmissionReminder
        fields = ["id", "kind", "kind_display", "sent_at", "sent_by", "sent_by_name", "note"]
        read_only_fields = fields

    def get_sent_by_name(self, obj) -> str | None:
        return str(obj.sent_by) if obj.sent_by_id else None


class SubmissionSerializer(StrictModelSerializer):
    campaign = serializers.IntegerField(source="requirement.campaign_id", read_only=True)
    requirement_title = serializers.CharField(source="requirement.title", read_only=True)
    unit = serializers.CharField(source="unit_name", read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    has_file = serializers.SerializerMethodField()
    reminders = SubmissionReminderSerializer(many=True, read_only=True, help_text="催报记录（最新在前）")

    class Meta:
        model = Submission
        fields = [
            "id",
            "campaign",
            "requirement",
            "requirement_title",
            "unit",
            "agency",
            "enterprise",
            "period_label",
            "due_date",
            "status",
            "status_display",
            "submitted_at",
            "submitted_late",
            "text",
            "has_file",
            "reminders",
        ]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class RemindInputSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300, help_text="催报说明")


class RemindLateInputSerializer(RemindInputSerializer):
    """一键催报: every overdue unit of the campaign, or only those of one of its report requirements."""

    requirement = serializers.PrimaryKeyRelatedField(
        queryset=ReportRequirement.objects.none(), required=False, allow_null=True, default=None,
        help_text="只催报此报送要求的逾期单位（须属于该专项行动）",
    )  # fmt: skip

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            self.fields["requirement"].queryset = campaign.report_requirements.all()


class RemindLateResultSerializer(StrictSerializer):
    sent = serializers.IntegerField(help_text="本次催报的逾期单位数（今天已催报过的不再重复）")


class AttachChecklistInputSerializer(StrictSerializer):
    template = serializers.PrimaryKeyRelatedField(queryset=ChecklistTemplate.objects.all(), help_text="检查表版本 id")


class TaskEditInputSerializer(StrictSerializer):
    """Edit a task (PATCH: fields left out keep their value). Progress stays with `status/`."""

    reference_querysets = {"lead_agency": usable_agencies, "cooperating_agencies": usable_agencies}

    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    lead_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False, allow_null=True)
    lead_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    cooperating_agencies = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), many=True, required=False)
    cooperating_names = serializers.ListField(child=serializers.CharField(), required=False)
    deadline = serializers.DateField(required=False, allow_null=True)


class TaskAttachmentInputSerializer(StrictSerializer):
    file = serializers.FileField(help_text="附件（PDF、Word、Excel、图片等）")


class TaskAttachmentSerializer(StrictModelSerializer):
    class Meta:
        model = TaskAttachment
        fields = ["id", "task", "original_name", "uploaded_by", "uploaded_at"]
        read_only_fields = fields
