"""index.html and qc_report.html: self-contained pages that browse the whole pack."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from actors.delivery._render import render_pack
from tests.unit.test_delivery_factory import CLIENT, build_pack


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "data", "poster") and value is not None:
                self.urls.append(value)
            if name.startswith("on"):
                self.handlers.append(name)


def parse(page: bytes) -> _Links:
    parser = _Links()
    parser.feed(page.decode("utf-8"))
    return parser


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_pack(build_pack())


@pytest.mark.parametrize("name", ["index.html", "qc_report.html"])
def test_pages_load_nothing_from_outside_and_run_nothing(
    files: dict[str, bytes], name: str
) -> None:
    page = files[name].decode("utf-8")
    links = parse(files[name])

    assert "<script" not in page.lower()
    assert not [u for u in links.urls if re.match(r"\s*(https?:|//|javascript:|data:)", u, re.I)]
    assert not re.search(r"url\(|@import", page, re.I)
    assert links.handlers == []
    assert not {"iframe", "object", "embed", "img", "link", "form"} & set(links.tags)
    assert "Content-Security-Policy" in page


def test_index_links_to_every_other_file_in_the_pack(files: dict[str, bytes]) -> None:
    urls = set(parse(files["index.html"]).urls)

    assert set(files) - {"index.html"} <= urls
    anchors = {u[1:] for u in urls if u.startswith("#")}
    ids = set(re.findall(r'id="([^"]+)"', files["index.html"].decode()))
    assert anchors <= ids


def test_index_shows_strategy_creative_calendar_and_qc(files: dict[str, bytes]) -> None:
    page = files["index.html"].decode("utf-8")
    cmd = build_pack()

    assert f"Prepared for {CLIENT}" in page and "Confidential" in page
    for title in ("Business reality", "Market truth", "Audience and personas",
                  "Value architecture", "Narrative", "Channel strategy", "Constraints",
                  "Measurement", "Implementation timeline"):
        assert f"<h2>{title}</h2>" in page
    for asset in cmd.assets:
        assert f'id="asset-{asset.asset_id}"' in page
    assert "Month-end, handled: step 1" in page  # email subject
    assert "Close Month-End in Days" in page  # ad headline
    assert page.count("<tr>") >= len(cmd.calendar)
    assert "92/100" in page


def test_text_from_the_brief_is_escaped() -> None:
    cmd = build_pack()
    brief = cmd.brief.model_copy(update={"client_name": '<script>alert("x")</script>'})

    page = render_pack(cmd.model_copy(update={"brief": brief}))["index.html"].decode()

    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_qc_report_lists_every_check_with_severity_status_evidence_and_fix(
    files: dict[str, bytes],
) -> None:
    page = files["qc_report.html"].decode("utf-8")
    qc = build_pack().qc

    rows = re.findall(r"<tr><td>.*?</tr>", page)
    assert len(rows) == len(qc.checks) + 3  # plus the severity count rows
    assert "Split the second paragraph into two sentences." in page
    assert "Average sentence 27 words &lt;long&gt;" in page
    assert '<span class="badge FAIL">FAIL</span>' in page
    assert '<span class="badge WARN">WARN</span>' in page
