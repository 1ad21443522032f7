"""The batch supervisor taking batches in: resubmitting a batch id, refused submissions,
unknown batches and malformed request frames (LocalSystem, no Ray)."""

from __future__ import annotations

import pytest

from contracts.codec import decode_replies, encode_request
from contracts.envelope import ErrorCode
from contracts.supervisor import BatchView, GetBatch
from runtime import DriverError
from tests.stores import query
from tests.support import brief_dict, envelope
from tests.unit.batch_harness import (
    ask,
    campaigns,
    on_disk,
    packs_of,
    submit,
    wait_done,
)

pytestmark = pytest.mark.usefixtures("each_store")

# --- submitting ------------------------------------------------------------------------------


async def test_submitting_a_batch_id_again_runs_nothing_new(system, tmp_path):
    items = campaigns("dup", [brief_dict(), brief_dict(client_name="Acme Bakery")])
    out_dir = tmp_path / "packs"

    first = await submit(system, "batch-dup", items, out_dir)
    racing = await submit(system, "batch-dup", items, out_dir)  # while it runs
    done = await wait_done(system, "batch-dup")
    late = await submit(system, "batch-dup", items, out_dir)  # after it finished
    again = await wait_done(system, "batch-dup")

    assert (first.created, racing.created, late.created) == (True, False, False)
    assert [c.campaign_id for c in again.campaigns] == [i.campaign_id for i in items]
    assert again.version == done.version and again.campaigns == done.campaigns
    assert on_disk(out_dir) == packs_of([i.campaign_id for i in items])
    builds = query(tmp_path / "data", "delivery-*",
                   "SELECT correlation_id FROM processed_messages WHERE type = 'BuildPack'")
    assert sorted(builds) == [(i.campaign_id,) for i in items]


async def test_submitting_a_batch_id_again_reports_the_existing_batch(system, tmp_path):
    items = campaigns("tot", [brief_dict(budget=-5)])  # refused at intake: nothing runs
    await submit(system, "batch-tot", items, tmp_path / "packs")

    again = await submit(system, "batch-tot", items, tmp_path / "packs", window=9)

    assert (again.created, again.total) == (False, 1)


async def test_repeated_campaign_ids_within_a_batch_are_a_bad_payload(system, tmp_path):
    [item] = campaigns("rep", [brief_dict()])

    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-rep", [item, item], tmp_path / "packs")

    assert refused.value.code == ErrorCode.BAD_PAYLOAD.value
    with pytest.raises(DriverError) as missing:
        await ask(system, GetBatch(batch_id="batch-rep"), BatchView)
    assert missing.value.code == ErrorCode.NOT_FOUND.value  # nothing was created


async def test_a_campaign_id_owned_by_another_batch_is_a_conflict(system, tmp_path):
    items = campaigns("own", [brief_dict(budget=-5)])
    await submit(system, "batch-one", items, tmp_path / "packs")

    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-two", campaigns("new", [brief_dict(budget=-5)]) + items,
                     tmp_path / "packs")

    assert refused.value.code == ErrorCode.CONFLICT.value
    assert "own-00" in str(refused.value) and "batch-one" in str(refused.value)


async def test_a_taken_campaign_id_late_in_a_large_batch_is_a_conflict(system, tmp_path):
    taken = campaigns("own", [brief_dict(budget=-5)])  # refused at intake: nothing runs
    await submit(system, "batch-one", taken, tmp_path / "packs")
    big = campaigns("big", [brief_dict(budget=-5)] * 900) + taken

    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-big", big, tmp_path / "packs")

    assert refused.value.code == ErrorCode.CONFLICT.value


async def test_a_relative_out_dir_is_a_bad_payload(system):
    with pytest.raises(DriverError) as refused:
        await submit(system, "batch-rel", campaigns("rel", [brief_dict()]), "packs")

    assert refused.value.code == ErrorCode.BAD_PAYLOAD.value
    assert "absolute" in str(refused.value)


async def test_an_unknown_batch_is_not_found(system):
    with pytest.raises(DriverError) as refused:
        await ask(system, GetBatch(batch_id="no-such-batch"), BatchView)

    assert refused.value.code == ErrorCode.NOT_FOUND.value


# --- malformed requests -------------------------------------------------------------------------


async def test_malformed_requests_get_typed_error_replies(system):
    query = GetBatch(batch_id="x")
    frame = encode_request([envelope(query, type_name="CancelEverything"),
                            envelope(query, version="2.0"),
                            envelope(query, payload={"batch_id": "x", "wait_seconds": -1})])

    replies = decode_replies(await system.supervisor.handle(frame))
    [garbage] = decode_replies(await system.supervisor.handle(b"\xc1\x00 not a frame"))

    assert [(r.error.code, r.error.retryable) for r in replies if r.error] == [
        (ErrorCode.UNKNOWN_TYPE, False), (ErrorCode.UNSUPPORTED_VERSION, False),
        (ErrorCode.BAD_PAYLOAD, False)]
    assert garbage.error is not None and garbage.error.code is ErrorCode.BAD_FRAME


# --- text no store keeps ----------------------------------------------------------------------

async def test_a_brief_with_a_nul_character_is_rejected_naming_the_field(system, tmp_path):
    """PostgreSQL's text cannot hold NUL (SQLite's can): refused at intake on both stores, so
    a campaign reads the same wherever it is kept, and the rest of the batch runs."""
    items = campaigns("nul", [brief_dict(client_name="Acme\x00Bakery"),
                              {**brief_dict(), "\x00": "x" * 65}, brief_dict()])

    await submit(system, "batch-nul", items, tmp_path / "packs")
    view = await wait_done(system, "batch-nul")

    outcomes = {c.campaign_id: (c.outcome, c.reason) for c in view.campaigns}
    assert outcomes["nul-02"] == ("delivered", None)
    for campaign_id in ("nul-00", "nul-01"):
        outcome, reason = outcomes[campaign_id]
        assert outcome == "rejected" and reason.startswith("invalid brief: "), reason
        assert "\x00" not in reason
    assert "client_name contains a NUL character" in outcomes["nul-00"][1]
    assert "\\x00" in outcomes["nul-01"][1]  # the unknown field, named printably
