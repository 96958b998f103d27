"""Writes of the campaigns app, one module per topic; import from here."""

from .reminders import reminders_send
from .reports import (
    ReportConflict,
    ValueInput,
    evidence_add,
    evidence_room_check,
    lock_exception_open,
    report_admin_edited,
    report_approve,
    report_delete,
    report_return,
    report_save,
    value_text,
)
from .rollup import (
    campaign_recompute_enqueue,
    campaigns_recompute_enqueue,
    elapsed_share,
    periods_containing,
    rollup_enqueue,
    tally_recompute,
    tally_recompute_for_report,
    tally_reconcile,
    tally_roll_up_waiting,
    target_status,
)

__all__ = [
    "ReportConflict",
    "ValueInput",
    "campaign_recompute_enqueue",
    "campaigns_recompute_enqueue",
    "elapsed_share",
    "evidence_add",
    "evidence_room_check",
    "lock_exception_open",
    "periods_containing",
    "reminders_send",
    "report_admin_edited",
    "report_approve",
    "report_delete",
    "report_return",
    "report_save",
    "rollup_enqueue",
    "tally_recompute",
    "tally_recompute_for_report",
    "tally_reconcile",
    "tally_roll_up_waiting",
    "target_status",
    "value_text",
]
