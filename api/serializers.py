"""What the API answers: read-only shapes of the product's rows, and the report write.

Lists select and prefetch what these read, so a page costs the same number of
queries whatever its size (asserted in tests/api/test_reads.py)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards.models import Decision, DecisionRecipient, Nomination
from blocs.models import Unit
from campaigns.models import Campaign, CampaignIndicator, Period, Report, ReportValue

# Figures as JSON strings: exact decimals, never a float's rounding.
FIGURE = {"max_digits": 30, "decimal_places": 6, "coerce_to_string": True}


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class UnitSerializer(serializers.ModelSerializer):
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "valid_from",
            "valid_to",
            "successors",
            "is_organiser",
        ]


class CampaignSerializer(serializers.ModelSerializer):
    organiser = UnitRefSerializer()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "theme",
            "organiser",
            "launched_on",
            "starts_on",
            "ends_on",
            "reporting_kind",
            "tally_basis",
            "tallies_recomputed_at",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["id", "campaign", "kind", "label", "starts_on", "ends_on", "deadline", "locks_on"]


class TargetSerializer(serializers.Serializer):
    scope = serializers.CharField()
    bloc = serializers.IntegerField(source="bloc_id", allow_null=True)
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    value = serializers.DecimalField(**FIGURE)
    due_on = serializers.DateField(allow_null=True)


class CampaignIndicatorSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator_id")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure")
    value_kind = serializers.CharField(source="indicator.value_kind")
    unit_aggregation = serializers.CharField(source="indicator.unit_aggregation")
    time_aggregation = serializers.CharField(source="indicator.time_aggregation")
    direction = serializers.CharField(source="indicator.direction")
    decimals = serializers.IntegerField(source="indicator.decimals")
    targets = TargetSerializer(many=True)

    class Meta:
        model = CampaignIndicator
        fields = [
            "indicator",
            "code",
            "name",
            "unit_of_measure",
            "value_kind",
            "unit_aggregation",
            "time_aggregation",
            "direction",
            "decimals",
            "order",
            "targets",
        ]


class PeriodRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["id", "campaign", "kind", "label", "deadline"]


class ReportSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    period = PeriodRefSerializer()
    is_late = serializers.BooleanField()

    class Meta:
        model = Report
        fields = [
            "id",
            "unit",
            "period",
            "status",
            "version",
            "submitted_at",
            "reviewed_at",
            "is_late",
            "updated_at",
        ]


class ReportValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    value = serializers.DecimalField(max_digits=24, decimal_places=6, coerce_to_string=True)

    class Meta:
        model = ReportValue
        fields = ["indicator", "value", "note"]


class ReportDetailSerializer(ReportSerializer):
    values = ReportValueSerializer(many=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "highlights", "review_comment", "values"]


class NomineeMixin(serializers.Serializer):
    nominee = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_nominee(self, row) -> str:
        return row.nominee_name


class NominationSerializer(NomineeMixin, serializers.ModelSerializer):
    unit = UnitRefSerializer()
    title = serializers.CharField(source="title.code")
    title_name = serializers.CharField(source="title.name")

    class Meta:
        model = Nomination
        fields = [
            "id",
            "campaign",
            "unit",
            "recipient_kind",
            "nominee",
            "person",
            "collective",
            "title",
            "title_name",
            "year",
            "kind",
            "achievement",
            "status",
            "proposed_at",
            "reviewed_at",
        ]


class RecipientSerializer(NomineeMixin, serializers.ModelSerializer):
    unit = UnitRefSerializer()
    title = serializers.CharField(source="title.code")
    title_name = serializers.CharField(source="title.name")
    coefficient = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, allow_null=True)

    class Meta:
        model = DecisionRecipient
        fields = [
            "id",
            "recipient_kind",
            "nominee",
            "person",
            "collective",
            "unit",
            "title",
            "title_name",
            "campaign",
            "year",
            "achievement",
            "coefficient",
            "amount",
            "is_void",
            "nomination",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField()
    authority = serializers.CharField(source="authority.name")
    total = serializers.DecimalField(max_digits=18, decimal_places=0, allow_null=True)
    recipients = RecipientSerializer(many=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "reference",
            "number",
            "year",
            "decided_on",
            "kind",
            "authority",
            "campaign",
            "summary",
            "status",
            "signer_name",
            "signer_position",
            "base_salary",
            "issued_at",
            "annulled_at",
            "annul_reason",
            "total",
            "recipients",
        ]


# --- The dashboard's figures (campaigns.dashboard), as the dashboard shows them ---


class TallyRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure")
    value = serializers.DecimalField(source="tally.value", allow_null=True, **FIGURE)
    target = serializers.DecimalField(source="tally.target", allow_null=True, **FIGURE)
    progress = serializers.DecimalField(max_digits=30, decimal_places=1, allow_null=True)
    status = serializers.CharField(source="tally.status", allow_blank=True, allow_null=True)
    reported = serializers.IntegerField(source="tally.reported", allow_null=True)
    expected = serializers.IntegerField(source="tally.expected", allow_null=True)
    computed_at = serializers.DateTimeField(source="tally.computed_at", allow_null=True)


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class NodeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()


class TalliesSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    period = PeriodSerializer()
    node = NodeSerializer()
    computed_at = serializers.DateTimeField(allow_null=True, help_text="As of: the newest tally.")
    provisional = serializers.BooleanField(
        help_text="Counted from submitted reports, not only approved ones."
    )
    status_counts = StatusCountSerializer(many=True)
    rows = TallyRowSerializer(many=True)


class CompletenessSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    period = PeriodSerializer()
    node = NodeSerializer()
    expected = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()


# --- The report form, through the API ---


class ReportValueInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=40, help_text="The indicator's code.")
    value = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        allow_null=True,
        required=False,
        help_text="A number (for yes/no: 1 or 0); null or absent leaves it empty.",
    )
    note = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=1000, trim_whitespace=False
    )


class ReportWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        max_value=2_147_483_647,
        help_text="The version read with GET (null for a report not yet created).",
    )
    submit = serializers.BooleanField(default=False, help_text="Submit, or keep as a draft.")
    highlights = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=20_000, trim_whitespace=False
    )
    values = ReportValueInputSerializer(many=True, max_length=500)


class FormRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure")
    value_kind = serializers.CharField(source="indicator.value_kind")
    value = serializers.DecimalField(allow_null=True, **FIGURE)
    note = serializers.CharField(allow_blank=True)
    target = serializers.DecimalField(allow_null=True, **FIGURE)
    previous = serializers.DecimalField(allow_null=True, **FIGURE)


class ReportFormSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    period = PeriodSerializer()
    report = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    highlights = serializers.CharField(allow_blank=True)
    locked = serializers.CharField(allow_null=True, help_text="Why it cannot change now, if so.")
    rows = FormRowSerializer(many=True)
    detail = serializers.CharField(required=False, help_text="What was done (after PUT).")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField(), required=False)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()
    report = ReportDetailSerializer()


# --- The public honour board (awards.honour), what a published decision says ---


class HonourTitleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class HonourCampaignSerializer(serializers.Serializer):
    name = serializers.CharField()
    theme = serializers.CharField(allow_blank=True)
    launched_on = serializers.DateField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class HonourAwardSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    decision = serializers.CharField(help_text="Number and symbol, e.g. 3501/QĐ-UBND.")
    decided_on = serializers.DateField(allow_null=True)


class HonourLeaderSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    bloc = serializers.CharField()
    unit = serializers.CharField()
    title = serializers.CharField()
    decision = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)


class HonourBoardSerializer(serializers.Serializer):
    organiser = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    titles = HonourTitleSerializer(many=True)
    campaigns = HonourCampaignSerializer(many=True)
    collectives = HonourAwardSerializer(many=True)
    individuals = HonourAwardSerializer(many=True)
    leaders = HonourLeaderSerializer(many=True)
