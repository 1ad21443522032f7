"""The readable and machine files: strategy.md, channels/*.md, README.txt and the JSON."""

from __future__ import annotations

import json

import pytest

from actors.delivery._pack_names import channel_file, safe_name
from actors.delivery._render import render_pack
from contracts.common import Channel
from contracts.production import Asset, CalendarEntry
from contracts.qc import QcReport
from tests.unit.test_delivery_factory import CAMPAIGN, CLIENT, build_pack


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_pack(build_pack())


def test_strategy_md_reads_as_a_client_document(files: dict[str, bytes]) -> None:
    md = files["strategy.md"].decode("utf-8")

    assert md.startswith("# Northwind — Campaign strategy")
    assert f"Prepared for {CLIENT} · 28 February 2025 · Confidential" in md
    for title in ("Business reality", "Market truth", "Audience and personas",
                  "Value architecture", "Narrative", "Channel strategy", "Constraints",
                  "Measurement", "Implementation timeline", "Next steps"):
        assert f"\n## {title}\n" in md
    assert "| LinkedIn | Thought leadership for controllers | 3 per week | 30% | £12,000.00 |" in md
    assert "| X | Fast commentary \\| month-end tips |" in md  # pipe escaped
    assert "| Demo bookings | lagging | 120 | demos | 8 weeks |" in md
    assert "### Priya — Financial controller" in md


def test_one_channel_file_per_channel_with_every_asset_verbatim(
    files: dict[str, bytes],
) -> None:
    cmd = build_pack()
    channels = {p.channel for p in cmd.strategy.channel_plan} | {a.channel for a in cmd.assets}

    assert {n for n in files if n.startswith("channels/")} == {channel_file(c) for c in channels}
    for asset in cmd.assets:
        text = files[channel_file(asset.channel)].decode("utf-8")
        assert asset.body in text
        assert f"**Call to action:** {asset.cta}" in text
    email = files["channels/email.md"].decode("utf-8")
    assert "**Subject:** Month-end, handled: step 2" in email
    assert "**Preheader:** Part 2 of 3" in email
    ads = files["channels/google_ads.md"].decode("utf-8")
    assert "- Reconciliation, Handled" in ads
    assert "## Schedule" in files["channels/linkedin.md"].decode("utf-8")


def test_channel_file_names_are_safe() -> None:
    assert {channel_file(c) for c in Channel} == {f"channels/{c.value}.md" for c in Channel}
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name(".hidden file") == "hidden-file"
    assert safe_name("Ünïcode/ x") == "n-code-x"
    assert safe_name("...") == "file"


def test_readme_explains_every_file(files: dict[str, bytes]) -> None:
    readme = files["README.txt"].decode("utf-8")

    assert f"Prepared for {CLIENT} on 28 February 2025" in readme
    assert f"Campaign {CAMPAIGN}" in readme and "generator deterministic" in readme
    for name in [*files, "manifest.json"]:
        assert f"  {name} " in readme
    assert "\r\n" in readme  # readable in any Windows editor too


def test_assets_json_is_canonical_and_round_trips_the_contracts(files: dict[str, bytes]) -> None:
    raw = files["assets.json"]
    loaded = json.loads(raw)
    cmd = build_pack()

    assert raw == (json.dumps(loaded, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    assert "café-calm" in raw.decode("utf-8")
    assert [Asset.model_validate(a) for a in loaded["assets"]] == cmd.assets
    assert [CalendarEntry.model_validate(e) for e in loaded["calendar"]] == cmd.calendar
    assert loaded["hashtag_sets"] == cmd.hashtag_sets
    assert (loaded["strategy_id"], loaded["strategy_version"]) == ("st-1", 2)


def test_qc_report_json_has_every_check_with_severity_status_evidence_and_fix(
    files: dict[str, bytes],
) -> None:
    loaded = json.loads(files["qc_report.json"])
    qc = build_pack().qc

    assert QcReport.model_validate(loaded["report"]) == qc
    for check in loaded["report"]["checks"]:
        assert {"check_id", "severity", "status", "evidence", "fix"} <= check.keys()
    assert loaded["counts"]["MINOR"]["FAIL"] == 1
    assert loaded["counts"]["MAJOR"]["WARN"] == 1
    assert sum(sum(c.values()) for c in loaded["counts"].values()) == len(qc.checks)


def test_markdown_from_the_brief_cannot_become_structure() -> None:
    cmd = build_pack()
    value = cmd.strategy.value.model_copy(update={"positioning": "# Not a heading\n> nor a quote"})
    md = render_pack(cmd.model_copy(update={"strategy": cmd.strategy.model_copy(
        update={"value": value})}))["strategy.md"].decode("utf-8")

    assert "\n# Not a heading" not in md
    assert "\\# Not a heading" in md and "> &gt; nor a quote" in md
