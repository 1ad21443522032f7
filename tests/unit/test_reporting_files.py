"""Reports on disk: the HTML page and its JSON twin, what they show, and what is refused.

Rendering the charts is the slow part, so these tests build as few reports as they can.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest

from actors.reporting import ReportingActor
from contracts.envelope import ErrorCode
from contracts.reporting import BuildClientReport, BuildReport, ReportFigures
from tests.support import T0, call, envelope
from tests.unit.factories.reporting import event, receivable, step

pytestmark = pytest.mark.usefixtures("each_store")

EVENTS = [
    event("c-1", qc_score=93, revision_rounds=1, review_rounds=1,
          steps=[step("onboard", 0.2, module="onboarding"), step("produce", 4.5, attempts=2)]),
    event("c-2", "compensated", qc_score=52, revision_rounds=2,
          reason="QC failed: <b>bold</b> & <script>alert(1)</script>",
          compensated_steps=["produce", "onboard"], steps=[step("onboard", 0.4)]),
    event("c-3", "rejected", qc_score=None, reason="placeholder offer", client_id="cl-2"),
]
RECEIVABLES = [receivable("inv-1", "1000.00", "400.00"),
               receivable("inv-2", "250.50", "250.50", currency="EUR", status="issued"),
               receivable("inv-3", "9999.00", "9999.00", status="void")]


async def started(started_actor, name: str = "reporting") -> ReportingActor:
    """A started reporting actor that has recorded EVENTS."""
    actor = await started_actor(ReportingActor, name)
    await call(actor, *(envelope(e) for e in EVENTS))
    return actor


@pytest.fixture
async def actor(started_actor):
    return await started(started_actor)


def build(out_dir, batch_id: str = "b-1") -> BuildReport:
    return BuildReport(batch_id=batch_id, out_dir=str(out_dir), receivables=RECEIVABLES)


async def test_batch_report_files_hold_the_figures(actor, tmp_path):
    out = tmp_path / "reports"
    env = envelope(build(out))
    [reply] = await call(actor, env)
    assert reply.ok, reply.error
    assert reply.payload["html_path"] == str(out / "b-1.html")
    assert reply.payload["json_path"] == str(out / "b-1.json")
    assert sorted(os.listdir(out)) == ["b-1.html", "b-1.json"]  # no temp files left behind
    figures = ReportFigures.model_validate(reply.payload["figures"])
    assert reply.payload["campaigns"] == figures.campaigns == 3
    assert figures.outcomes["compensated"] == 1 and figures.qc.scored == 2
    assert [(r.currency, r.invoiced, r.outstanding) for r in figures.revenue] == [
        ("EUR", Decimal("250.50"), Decimal("250.50")),
        ("USD", Decimal("1000.00"), Decimal("400.00"))]

    twin = json.loads((out / "b-1.json").read_text("utf-8"))
    assert twin.pop("batch_id") == "b-1"
    assert twin.pop("generated_at") == T0.isoformat()
    assert ReportFigures.model_validate(twin) == figures
    assert twin["revenue"][1]["invoiced"] == "1000.00"  # Decimals as strings

    # A redelivered BuildReport gets the stored reply; it does not render again.
    (out / "b-1.html").unlink()
    [again] = await call(actor, env)
    assert again == reply and not (out / "b-1.html").exists()


async def test_html_is_self_contained_escaped_and_charted(actor, tmp_path):
    [reply] = await call(actor, envelope(build(tmp_path)))
    assert reply.ok, reply.error
    page = (tmp_path / "b-1.html").read_text("utf-8")
    assert "<script" not in page.lower()
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold" not in page
    assert page.count("<svg") == 4  # outcomes, QC, latency, revenue
    assert "<title>Batch report: b-1</title>" in page
    assert "Generated 2027-01-04 09:00:00 UTC" in page
    assert not any(ref in page for ref in (" src=", "<link", "@import", "<iframe"))
    for shown in ("$1,000.00", "$400.00", "€250.50", "produce, onboard", "p99 s"):
        assert shown in page
    assert "9,999.00" not in page  # the void invoice counts for nothing


async def test_same_events_give_byte_identical_files(actor, tmp_path, started_actor):
    twin_actor = await started(started_actor, "reporting-twin")
    [first] = await call(actor, envelope(build(tmp_path / "one")))
    [second] = await call(twin_actor, envelope(build(tmp_path / "two")))
    assert first.ok and second.ok
    for name in ("b-1.html", "b-1.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


async def test_client_report_spans_batches(actor, tmp_path):
    await call(actor, envelope(event("c-9", batch_id="b-2", steps=[])))
    [reply] = await call(actor, envelope(BuildClientReport(client_id="cl-1",
                                                           out_dir=str(tmp_path))))
    assert reply.ok, reply.error
    assert reply.payload["batch_id"] == "client-cl-1"
    assert reply.payload["campaigns"] == 3  # c-1, c-2 from b-1 and c-9 from b-2; not cl-2's
    page = (tmp_path / "client-cl-1.html").read_text("utf-8")
    assert "<title>Client report: Northwind</title>" in page
    assert page.count("<svg") == 3 and "No data for the revenue chart" in page
    assert json.loads((tmp_path / "client-cl-1.json").read_text())["batch_id"] == "client-cl-1"


@pytest.mark.parametrize(("field", "value"), [
    ("batch_id", "../escape"), ("batch_id", "a/b"), ("batch_id", ".."), ("batch_id", "x..y"),
    ("batch_id", ".hidden"), ("out_dir", "relative/dir"), ("out_dir", ""),
])
async def test_unsafe_names_and_relative_dirs_are_refused(actor, tmp_path, field, value):
    payload = {**build(tmp_path / "out").model_dump(mode="python"), field: value}
    [reply] = await call(actor, envelope(build(tmp_path), payload=payload))
    assert reply.error.code is ErrorCode.BAD_PAYLOAD and not reply.error.retryable
    assert not (tmp_path / "out").exists() and not (tmp_path / "escape.html").exists()


async def test_unsafe_client_id_is_refused(actor, tmp_path):
    cmd = BuildClientReport(client_id="cl-1", out_dir=str(tmp_path))
    [reply] = await call(actor, envelope(cmd, payload={**cmd.model_dump(), "client_id": "../x"}))
    assert reply.error.code is ErrorCode.BAD_PAYLOAD


async def test_a_batch_without_events_is_not_found(actor, tmp_path):
    [reply] = await call(actor, envelope(build(tmp_path, "b-none")))
    assert reply.error.code is ErrorCode.NOT_FOUND
    assert not (tmp_path / "b-none.html").exists()


async def test_out_dir_that_is_a_file_is_a_permanent_io_failure(actor, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("not a directory")
    [reply] = await call(actor, envelope(build(blocker)))
    assert reply.error.code is ErrorCode.IO_FAILED and not reply.error.retryable
