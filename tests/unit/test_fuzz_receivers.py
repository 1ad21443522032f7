"""The receivers the fuzz tests (test_fuzz_*) drive: every module actor and the batch
supervisor, as the composition root builds them (no Ray), each on its own event loop and
temporary directory. A hypothesis search runs inside one test, so a receiver is built once
per test, not once per example. Also the checks they share: a refusal is a typed, final
error per envelope; nothing is written; the receiver still does real work afterwards."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from contracts import registry
from contracts.billing import VoidInvoice
from contracts.brief import CampaignBrief
from contracts.cam import CancelCampaign
from contracts.client_review import WithdrawReview
from contracts.codec import CodecError, decode_replies, decode_request, encode_value
from contracts.common import Contract
from contracts.delivery import RevokePack
from contracts.envelope import Envelope, ErrorCode, ReplyEnvelope
from contracts.onboarding import DiscardBrief, NormalizeBrief
from contracts.production import DiscardAssets
from contracts.qc import DiscardEvaluation
from contracts.retention import CancelFollowUps
from contracts.strategy import DiscardStrategy, GenerateStrategy
from contracts.supervisor import CampaignSubmission, SubmitBatch
from runtime import LocalSystem, build_module
from tests.stores import row_counts, store_settings
from tests.support import FakeClock, brief_dict, envelope
from tests.unit.factories.contracts import FACTORIES
from tests.unit.factories.modules import BRIEF, build, evaluate_cmd, produce

pytestmark = pytest.mark.usefixtures("each_store")

SUPERVISOR = "supervisor"
RECEIVERS = ["cam", "onboarding", "strategy", "production/0", "qc/0", "delivery/0",
             "client_review", "billing", "retention", "reporting", SUPERVISOR]
# The lifecycle modules' real commands come from their contract factories.
LIFECYCLE_COMMANDS = {"cam": ("RegisterCampaign", "CampaignRegistered"),
                      "client_review": ("RequestReview", "ReviewRequested"),
                      "billing": ("IssueInvoice", "InvoiceIssued"),
                      "retention": ("ScheduleFollowUps", "FollowUpsScheduled"),
                      "reporting": ("RecordOutcome", "OutcomeRecorded")}
FUZZ = settings(max_examples=50, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])


# --- the receivers ---------------------------------------------------------------------------

def submission(out_dir: Path, brief: dict[str, Any], batch_id: str = "b-1") -> SubmitBatch:
    return SubmitBatch(batch_id=batch_id, out_dir=str(out_dir), pack_formats="data",
                       campaigns=[CampaignSubmission(campaign_id=f"{batch_id}-c", brief=brief)])


def real_command(kind: str, root: Path) -> tuple[Contract, str]:
    """A command the receiver applies (and records), and the reply type it answers with."""
    if kind in LIFECYCLE_COMMANDS:
        command, reply = LIFECYCLE_COMMANDS[kind]
        return FACTORIES[command](), reply
    commands = {
        "onboarding": lambda: (NormalizeBrief(
            campaign_id="c-1", brief=CampaignBrief.model_validate(brief_dict())),
            "BriefNormalized"),
        "strategy": lambda: (GenerateStrategy(campaign_id="c-1", brief=BRIEF), "StrategyGenerated"),
        "production": lambda: (produce(), "AssetsProduced"),
        "qc": lambda: (evaluate_cmd(), "AssetsEvaluated"),
        "delivery": lambda: (build(root / "packs"), "PackBuilt"),
        # Refused at intake: recorded as rejected, no saga runs (cheap, and still a write).
        SUPERVISOR: lambda: (submission(root / "packs", brief_dict(budget=-5)), "BatchAccepted"),
    }
    return commands[kind]()


def cheap_command(kind: str, root: Path, campaign_id: str = "c-9") -> Contract:
    """A small command that writes rows if it is ever applied."""
    if kind == SUPERVISOR:
        return submission(root / "packs", brief_dict(budget=-5), batch_id=campaign_id)
    if kind == "reporting":  # append-only: it has no compensation to send
        return FACTORIES["RecordOutcome"]().model_copy(update={"event_id": campaign_id,
                                                                "campaign_id": campaign_id})
    if kind == "delivery":  # its undo also says where the pack would be
        return RevokePack(campaign_id=campaign_id, out_dir=str(root / "packs"), reason="fuzz")
    discards = {"onboarding": DiscardBrief, "strategy": DiscardStrategy,
                "production": DiscardAssets, "qc": DiscardEvaluation,
                "cam": CancelCampaign, "client_review": WithdrawReview, "billing": VoidInvoice,
                "retention": CancelFollowUps}
    return discards[kind](campaign_id=campaign_id, reason="fuzz")


class Receiver:
    """One module actor, or the supervisor over a LocalSystem, on its own event loop."""

    def __init__(self, destination: str, root: Path):
        self.kind = destination.split("/", 1)[0]
        self.root = root
        self.clock = FakeClock()
        self.loop = asyncio.new_event_loop()
        # Durability is not under test here, and an fsync per commit would dominate.
        config = store_settings(root / "data", production_shards=1, qc_shards=1,
                                delivery_shards=1, synchronous="OFF").provisioned()
        if self.kind == SUPERVISOR:
            system = LocalSystem(config, self.clock)
            self.actor: Any = system.supervisor
            self._close = system.close
            self.run(system.start())
            # The supervisor's first sweep (overdue invoices, churn) writes on its own.
            self.run(asyncio.wait_for(system.supervisor.desk.swept.wait(), 30))
        else:
            self.actor = build_module(destination, config, self.clock)
            self._close = self.actor.close
            self.run(self.actor.start())
        self.accepted = registry.accepted_by(self.kind)
        self.command, self.reply_type = real_command(self.kind, root)
        self.before = self.written()

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def send(self, frame: bytes) -> bytes:
        return self.run(self.actor.handle(frame))

    def replies(self, frame: bytes) -> list[ReplyEnvelope]:
        return decode_replies(self.send(frame))

    def envelope(self, message: Contract, message_id: str | None = None) -> Envelope:
        return envelope(message, message_id=message_id, now=self.clock.now())

    def raw(self, message: Contract) -> dict[str, Any]:
        return self.envelope(message).model_dump(mode="python")

    def written(self, skip: str | tuple[str, ...] = ()) -> dict[str, Any]:
        """Rows in every table of every database, and every file outside the databases;
        without the tables whose "<database>.<table>" name starts with `skip`."""
        counts: dict[str, Any] = row_counts(self.root / "data")
        counts["files"] = sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*")
                                 if p.is_file() and p.relative_to(self.root).parts[0] != "data")
        return {key: n for key, n in counts.items() if not (skip and key.startswith(skip))}

    def assert_unharmed(self, skip: str | tuple[str, ...] = ()) -> None:
        """Nothing was written (but in `skip` tables), and a real command gets its real answer."""
        before = {key: n for key, n in self.before.items() if not (skip and key.startswith(skip))}
        assert self.written(skip) == before, "a refused message left rows or files behind"
        [reply] = self.replies(encode_value(self.raw(self.command)))
        assert reply.ok and reply.type == self.reply_type, reply.error
        assert self.written() != self.before, "the row counter does not see writes"

    def close(self) -> None:
        try:
            self.run(self._close())
            self.run(self.loop.shutdown_asyncgens())
        finally:
            self.loop.close()


@contextmanager
def receiver(destination: str) -> Iterator[Receiver]:
    with tempfile.TemporaryDirectory() as tmp:
        subject = Receiver(destination, Path(tmp))
        try:
            yield subject
        finally:
            subject.close()


def assert_refused(replies: list[ReplyEnvelope], expected: list[set[ErrorCode]]) -> None:
    """One typed, final error per envelope, in order, each with one of the expected codes."""
    assert len(replies) == len(expected)
    for reply, codes in zip(replies, expected, strict=True):
        assert reply.error is not None, reply
        assert reply.error.code in codes, reply.error
        assert not reply.error.retryable and reply.error.message


def expected_for_garbage(frame: bytes) -> list[set[ErrorCode]]:
    """The reply shape the codec promises: one error for a frame it cannot split, else one
    per envelope. No garbage envelope has a known type, so it is a bad frame at best."""
    try:
        raws, _ = decode_request(frame)
    except CodecError as exc:
        return [{ErrorCode(exc.code)}]
    return [{ErrorCode.BAD_FRAME, ErrorCode.UNKNOWN_TYPE}] * len(raws)


# --- regressions -----------------------------------------------------------------------------

# Each once matched r'^\d+\.\d+$' and then raised ValueError out of handle() (int() cannot
# read it), or was read as major version 1.
UNREADABLE_VERSIONS = {
    "4301-digit major": "1" * 4301 + ".0",
    "Unicode 15 digit": "\U00011f51.0",  # KAWI DIGIT ONE: a digit to Rust's regex, not int()
    "Arabic-Indic digit": "\u0661.0",
}


@pytest.mark.parametrize("version", UNREADABLE_VERSIONS.values(), ids=UNREADABLE_VERSIONS.keys())
@pytest.mark.parametrize("destination", RECEIVERS)
def test_a_schema_version_of_non_ascii_or_many_digits_is_a_bad_frame(destination, version):
    with receiver(destination) as subject:
        frame = encode_value({**subject.raw(subject.command), "schema_version": version})
        assert_refused(subject.replies(frame), [{ErrorCode.BAD_FRAME}])
        subject.assert_unharmed()
