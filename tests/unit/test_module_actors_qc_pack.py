"""The QC actor's pack check in-process: a real pack on disk in, a pack_checks row out."""

from __future__ import annotations

from pathlib import Path

import pytest

from actors.delivery._pack import render_pack
from actors.qc import QcActor
from actors.qc import _tables as qc_t
from contracts.envelope import ErrorCode
from contracts.qc import DiscardPackCheck, EvaluatePack, GetPackCheck, QcReport, QcStatus
from tests.support import call, envelope, rows
from tests.unit.factories.modules import error_of
from tests.unit.pack_pipeline import examples, pack_command, write

pytestmark = pytest.mark.usefixtures("each_store")


@pytest.fixture
async def qc(started_actor):
    return await started_actor(QcActor, "qc-0")


def evaluate_pack(out: Path, markdown_extra: str = "") -> EvaluatePack:
    cmd = pack_command(examples()[0], formats="data")
    files = render_pack(cmd)
    files["strategy.md"] += markdown_extra.encode()
    pack_dir, entries = write(out, cmd, files)
    return EvaluatePack(campaign_id="c-1", pack_dir=pack_dir, files=entries, brief=cmd.brief,
                        strategy=cmd.strategy)


async def test_a_clean_pack_passes_and_its_check_is_kept(qc, tmp_path):
    command = evaluate_pack(tmp_path / "out")
    [done] = await call(qc, envelope(command))
    assert done.type == "PackEvaluated" and done.payload["report"]["status"] == QcStatus.PASS
    [row] = await rows(qc, qc_t.pack_checks)
    assert (row["status"], row["qc_status"], row["pack_dir"]) == ("live", "PASS",
                                                                  command.pack_dir)
    [view] = await call(qc, envelope(GetPackCheck(campaign_id="c-1")))
    assert view.payload["report"] == done.payload["report"]
    assert await rows(qc, qc_t.evaluations) == []  # the creative's evaluation is apart


async def test_a_blocker_in_the_pack_is_a_result_naming_file_and_phrase(qc, tmp_path):
    [done] = await call(qc, envelope(evaluate_pack(tmp_path / "out", "\nRisk-free pilot.\n")))
    report = QcReport.model_validate(done.payload["report"])
    assert done.ok and report.status is QcStatus.FAIL
    assert [(c.check_id, c.asset_id, c.evidence) for c in report.blockers] == [
        ("pack.claim", "pack:strategy.md", 'forbidden claims: "Risk-free"')]
    [row] = await rows(qc, qc_t.pack_checks)
    assert row["qc_status"] == "FAIL"


async def test_a_pack_this_node_cannot_see_is_a_retryable_fault(qc, tmp_path):
    command = evaluate_pack(tmp_path / "out").model_copy(
        update={"pack_dir": str(tmp_path / "not-mounted" / "c-1")})
    [reply] = await call(qc, envelope(command))
    assert error_of(reply) == (ErrorCode.IO_FAILED, True)
    assert await rows(qc, qc_t.pack_checks) == []


async def test_discarding_the_pack_check_is_idempotent_and_final(qc, tmp_path):
    command = evaluate_pack(tmp_path / "out")
    await call(qc, envelope(command))
    discard = DiscardPackCheck(campaign_id="c-1", reason="pack revoked")
    [first] = await call(qc, envelope(discard))
    [second] = await call(qc, envelope(discard))
    assert (first.payload["was_live"], second.payload["was_live"]) == (True, False)
    [row] = await rows(qc, qc_t.pack_checks)
    assert (row["status"], row["report_json"], row["reason"]) == ("discarded", None,
                                                                  "pack revoked")
    [late] = await call(qc, envelope(command))
    assert error_of(late) == (ErrorCode.CONFLICT, False)
    [view] = await call(qc, envelope(GetPackCheck(campaign_id="c-1")))
    assert error_of(view) == (ErrorCode.NOT_FOUND, False)
