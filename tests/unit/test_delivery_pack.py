"""Delivery pack: rendered deterministically, written atomically, verifiable by manifest."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from actors.delivery._pack import MANIFEST, remove_pack, render_pack, verify_pack, write_pack
from contracts.common import Channel, Severity
from contracts.delivery import BuildPack, PackFile
from contracts.production import Asset
from contracts.qc import QcCheck, QcReport, QcStatus
from contracts.strategy import ChannelPlan, Kpi, Milestone, StrategyDoc

CAMPAIGN = "cmp-0001"
EXTRA = {"brand": "Northwind", "client_name": "Northwind Ltd", "seed": 7}


def strategy() -> StrategyDoc:
    return StrategyDoc(
        brand="Northwind",
        positioning="The reconciliation engine that makes month-end a review, not a rescue.",
        audience="Finance leads at 50-500 person companies",
        messaging_pillars=["Speed", "Calm | control"],
        channel_plan=[
            ChannelPlan(
                channel=Channel.LINKEDIN,
                role="thought leadership",
                budget_share_pct=Decimal("60.00"),
                budget=Decimal("12000.00"),
                posts_per_week=3,
            ),
            ChannelPlan(
                channel=Channel.EMAIL,
                role="conversion | nurture",
                budget_share_pct=Decimal("40.00"),
                budget=Decimal("8000.00"),
                posts_per_week=1,
            ),
        ],
        kpis=[Kpi(name="Demo bookings", target=Decimal("120"), unit="demos", timeframe_weeks=8)],
        timeline=[
            Milestone(week=1, on=date(2025, 3, 3), name="Launch"),
            Milestone(week=8, on=date(2025, 4, 21), name="Wrap-up report"),
        ],
        call_to_action="Book a demo",
        hashtags=["FinOps", "#MonthEnd"],
    )


def assets() -> list[Asset]:
    return [
        Asset(
            asset_id="li-1",
            channel=Channel.LINKEDIN,
            kind="post",
            body="Northwind closes the books in days — café-grade calm. Book a demo.",
            cta="Book a demo",
            pillar="Speed",
        ),
        Asset(
            asset_id="em-1",
            channel=Channel.EMAIL,
            kind="email",
            subject="Month-end with Northwind",
            body="Hi,\n\nBook a demo with Northwind.",
            cta="Book a demo",
            pillar="Calm | control",
        ),
    ]


def qc_report() -> QcReport:
    check = QcCheck(
        check_id="duplicate",
        asset_id=None,
        severity=Severity.MINOR,
        passed=True,
        evidence="all bodies distinct",
    )
    return QcReport(status=QcStatus.PASS, score=100, checks=[check])


def build_pack(out_dir: Path | str) -> BuildPack:
    return BuildPack(
        campaign_id=CAMPAIGN,
        out_dir=str(out_dir),
        client_name="Northwind Ltd",
        brand="Northwind",
        seed=7,
        strategy=strategy(),
        assets=assets(),
        qc=qc_report(),
    )


def deliver(out_dir: Path) -> tuple[str, list[PackFile], str]:
    cmd = build_pack(out_dir)
    return write_pack(cmd.out_dir, cmd.campaign_id, render_pack(cmd), EXTRA)


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name]


def test_pack_holds_rendered_files_and_a_manifest_that_matches_them(tmp_path: Path) -> None:
    pack_dir, files, manifest_sha = deliver(tmp_path / "out")

    root = Path(pack_dir)
    assert os.path.isabs(pack_dir)
    assert root == tmp_path / "out" / CAMPAIGN
    assert sorted(read_tree(root)) == ["assets.json", MANIFEST, "qc.json", "strategy.md"]
    assert verify_pack(pack_dir) == []
    manifest_bytes = (root / MANIFEST).read_bytes()
    assert hashlib.sha256(manifest_bytes).hexdigest() == manifest_sha
    manifest = json.loads(manifest_bytes)
    assert manifest["schema"] == "aicmo.pack/1"
    assert manifest["campaign_id"] == CAMPAIGN
    assert manifest["seed"] == 7
    assert [f["path"] for f in manifest["files"]] == ["assets.json", "qc.json", "strategy.md"]
    for entry in manifest["files"]:
        data = (root / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    assert [f.model_dump() for f in files] == manifest["files"]


def test_json_files_are_canonical_and_round_trip_the_contracts(tmp_path: Path) -> None:
    root = Path(deliver(tmp_path)[0])

    raw = (root / "assets.json").read_bytes()
    loaded = json.loads(raw)
    assert raw == (json.dumps(loaded, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    assert "café-grade" in raw.decode("utf-8")
    assert [Asset.model_validate(a) for a in loaded] == assets()
    assert QcReport.model_validate_json((root / "qc.json").read_bytes()) == qc_report()


def test_strategy_md_reads_as_a_client_document(tmp_path: Path) -> None:
    md = render_pack(build_pack(tmp_path))["strategy.md"].decode("utf-8")

    assert md.startswith("# Northwind")
    assert "Prepared for Northwind Ltd" in md
    assert "The reconciliation engine" in md
    assert "Finance leads at 50-500 person companies" in md
    assert "| linkedin | thought leadership | 60.00% | 12,000.00 | 3 |" in md
    assert "| Demo bookings | 120 | demos | 8 weeks |" in md
    assert "| 8 | 2025-04-21 | Wrap-up report |" in md
    assert "| email | conversion \\| nurture | 40.00% | 8,000.00 | 1 |" in md  # pipe escaped
    assert "Book a demo" in md
    assert "#FinOps #MonthEnd" in md


def test_same_input_gives_byte_identical_packs(tmp_path: Path) -> None:
    first_dir, first_files, first_sha = deliver(tmp_path / "a")
    second_dir, second_files, second_sha = deliver(tmp_path / "b")

    assert read_tree(Path(first_dir)) == read_tree(Path(second_dir))
    assert (first_files, first_sha) == (second_files, second_sha)


def test_rewriting_a_pack_replaces_the_earlier_attempt(tmp_path: Path) -> None:
    pack_dir = deliver(tmp_path)[0]
    (Path(pack_dir) / "stray.txt").write_text("from an earlier attempt")

    assert deliver(tmp_path)[0] == pack_dir

    assert verify_pack(pack_dir) == []
    assert leftovers(tmp_path) == []


def test_verify_reports_tampering(tmp_path: Path) -> None:
    root = Path(deliver(tmp_path)[0])
    (root / "qc.json").write_bytes(b"{}\n")
    (root / "strategy.md").unlink()
    (root / "notes.txt").write_text("unlisted")

    problems = verify_pack(str(root))

    assert problems == [
        "size mismatch: qc.json is 3 bytes, manifest says "
        f"{len(render_pack(build_pack(tmp_path))['qc.json'])}",
        "sha256 mismatch: qc.json",
        "missing file: strategy.md",
        "unlisted file: notes.txt",
    ]


def test_verify_of_a_missing_pack_says_so(tmp_path: Path) -> None:
    assert verify_pack(str(tmp_path / "nope")) != []


def test_remove_pack_is_idempotent(tmp_path: Path) -> None:
    pack_dir = deliver(tmp_path)[0]

    assert remove_pack(pack_dir) == 4  # three rendered files and the manifest
    assert not os.path.exists(pack_dir)
    assert remove_pack(pack_dir) == 0


def test_remove_pack_also_clears_a_leftover_temp_dir(tmp_path: Path) -> None:
    pack_dir = deliver(tmp_path)[0]
    stale = tmp_path / f".{CAMPAIGN}.tmp-99999"
    stale.mkdir()
    (stale / "assets.json").write_text("half-written")

    assert remove_pack(pack_dir) == 4
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "campaign_id",
    ["", ".", "..", "../evil", "a/b", ".hidden", "-dash", "a b", "x" * 65, "ok\n", "é"],
)
def test_unsafe_campaign_ids_are_rejected(tmp_path: Path, campaign_id: str) -> None:
    with pytest.raises(ValueError):
        write_pack(str(tmp_path), campaign_id, {"a.txt": b"a"}, {})

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["../escape.txt", "/etc/passwd", MANIFEST, "a//b", ""])
def test_unsafe_file_paths_are_rejected(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError):
        write_pack(str(tmp_path), CAMPAIGN, {path: b"x"}, {})


def test_manifest_extra_cannot_override_reserved_keys(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_pack(str(tmp_path), CAMPAIGN, {"a.txt": b"a"}, {"campaign_id": "other"})


def test_out_dir_under_a_regular_file_raises_oserror_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    cmd = build_pack(blocker / "out")

    with pytest.raises(OSError):
        write_pack(cmd.out_dir, cmd.campaign_id, render_pack(cmd), EXTRA)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-dir"]


def test_read_only_out_dir_raises_oserror_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as root: chmod does not make the directory unwritable")
        with pytest.raises(PermissionError):
            deliver(out)
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o700)


def test_failure_mid_write_removes_the_temp_dir_and_keeps_the_earlier_pack(
    tmp_path: Path,
) -> None:
    pack_dir = deliver(tmp_path)[0]
    before = read_tree(Path(pack_dir))
    # "a" is written as a file, so creating "a/b" beneath it fails after the temp dir exists.
    clashing = {"a": b"file", "a/b": b"cannot exist"}

    with pytest.raises(OSError):
        write_pack(str(tmp_path), CAMPAIGN, clashing, EXTRA)

    assert leftovers(tmp_path) == []
    assert read_tree(Path(pack_dir)) == before
    assert verify_pack(pack_dir) == []
