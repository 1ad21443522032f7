"""The project states of a campaign and the transitions between them: forward from CREATED
through strategy, creative and QC (QC_FAILED goes back to CREATIVE_GENERATED for a
revision), then client review, delivery, invoicing and retention to COMPLETED; any live
state may end COMPENSATED, CANCELLED or COMPENSATION_FAILED."""

from __future__ import annotations

from enum import StrEnum


class ProjectState(StrEnum):
    CREATED = "CREATED"
    INTAKE_COMPLETE = "INTAKE_COMPLETE"
    STRATEGY_GENERATED = "STRATEGY_GENERATED"
    STRATEGY_APPROVED = "STRATEGY_APPROVED"
    CAMPAIGN_DEFINED = "CAMPAIGN_DEFINED"
    CREATIVE_GENERATED = "CREATIVE_GENERATED"
    QC_FAILED = "QC_FAILED"
    QC_APPROVED = "QC_APPROVED"
    # The lifecycle after QC: the client reviews, the pack is delivered, the work is
    # invoiced, and the client is handed to retention with follow-ups scheduled.
    IN_CLIENT_REVIEW = "IN_CLIENT_REVIEW"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    CLIENT_APPROVED = "CLIENT_APPROVED"
    DELIVERED = "DELIVERED"
    INVOICED = "INVOICED"
    IN_RETENTION = "IN_RETENTION"
    COMPLETED = "COMPLETED"  # the campaign record is closed as delivered: the saga's end
    COMPENSATED = "COMPENSATED"
    CANCELLED = "CANCELLED"
    # An unwind whose compensation kept failing must not be reported as COMPENSATED: a
    # state of its own, terminal, that needs an operator.
    COMPENSATION_FAILED = "COMPENSATION_FAILED"


S = ProjectState
TERMINAL = frozenset({S.COMPLETED, S.COMPENSATED, S.CANCELLED, S.COMPENSATION_FAILED})
_FORWARD: dict[ProjectState, set[ProjectState]] = {
    S.CREATED: {S.INTAKE_COMPLETE},
    S.INTAKE_COMPLETE: {S.STRATEGY_GENERATED},
    S.STRATEGY_GENERATED: {S.STRATEGY_APPROVED},
    S.STRATEGY_APPROVED: {S.CAMPAIGN_DEFINED},
    S.CAMPAIGN_DEFINED: {S.CREATIVE_GENERATED},
    S.CREATIVE_GENERATED: {S.QC_FAILED, S.QC_APPROVED},
    S.QC_FAILED: {S.CREATIVE_GENERATED},  # a revision round
    S.QC_APPROVED: {S.IN_CLIENT_REVIEW},
    S.IN_CLIENT_REVIEW: {S.CLIENT_APPROVED, S.CHANGES_REQUESTED},
    S.CHANGES_REQUESTED: {S.CREATIVE_GENERATED},  # production revises, QC checks again
    S.CLIENT_APPROVED: {S.DELIVERED},
    S.DELIVERED: {S.INVOICED},
    S.INVOICED: {S.IN_RETENTION},
    S.IN_RETENTION: {S.COMPLETED},
}
TRANSITIONS: dict[str, frozenset[str]] = {
    state.value: frozenset(_FORWARD.get(state, set())
                           | ({S.COMPENSATED, S.COMPENSATION_FAILED, S.CANCELLED}
                              if state not in TERMINAL else set()))
    for state in ProjectState
}
