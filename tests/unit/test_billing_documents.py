"""Invoice documents: billing writes <out_dir>/_invoices/<campaign>/<number>.pdf and .html when
it issues an invoice, headed with the agency's identity; the same invoice gives the same
bytes; a file this system did not write is never replaced."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from html import escape
from pathlib import Path

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from actors.billing import BillingActor
from contracts.billing import GetInvoice, InvoiceDocuments, InvoiceView
from contracts.common import AgencyIdentity
from contracts.envelope import ErrorCode
from contracts.money import format_money
from tests.stores import store_config
from tests.support import FakeClock, send
from tests.unit.factories.billing import invoice_in, issue, pay

pytestmark = pytest.mark.usefixtures("each_store")

AGENCY = AgencyIdentity(name="Brightline Marketing Ltd", address="1 High Street\nLondon EC1A 1BB",
                        tax_id="GB123456789", email="billing@brightline.example")
NUMBER = "INV-2027-000001"


async def started(data_dir: Path, agency: AgencyIdentity | None = AGENCY) -> BillingActor:
    actor = BillingActor(store_config(data_dir, "billing"), FakeClock(), agency=agency)
    await actor.start()
    return actor


@pytest.fixture
async def actor(tmp_path, started_actor):
    return await started_actor(BillingActor, "billing", data_dir=tmp_path / "db", agency=AGENCY)


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path / "out"


def documents_in(reply) -> InvoiceDocuments:
    assert reply.ok, reply.error
    return InvoiceDocuments.model_validate(reply.payload["documents"])


def pdf_text(path: str) -> str:
    """The PDF's text, each run of whitespace one space: a wrapped line reads on."""
    with open(path, "rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


async def test_issue_writes_a_pdf_and_an_html_twin_the_client_can_read(actor, out):
    [reply] = await send(actor, issue(geography="UK", out_dir=str(out)))
    invoice, documents = invoice_in(reply), documents_in(reply)
    folder = out / "_invoices" / "c-1"
    assert (documents.pdf_path, documents.html_path) == (str(folder / f"{NUMBER}.pdf"),
                                                         str(folder / f"{NUMBER}.html"))
    assert not documents.void
    tax = next(line for line in invoice.lines if line.kind == "tax")
    expected = [
        "Brightline Marketing Ltd", "1 High Street", "London EC1A 1BB", "Tax ID: GB123456789",
        "billing@brightline.example", "Northwind Analytics", NUMBER,
        "January 4, 2027", "February 3, 2027", "Net 30",
        "Campaign strategy", "LinkedIn post", "$120.00", "$480.00",
        "Subtotal", format_money(invoice.subtotal, "USD"), tax.description,
        format_money(invoice.tax, "USD"), "Total due", format_money(invoice.total, "USD"),
    ]
    text, page = pdf_text(documents.pdf_path), read(documents.html_path).decode()
    for wanted in expected:
        assert wanted in text, wanted
        assert wanted in page, wanted
    assert invoice.total == Decimal("4656.00") and "$4,656.00" in text
    assert "not a valid tax invoice" not in text + page
    assert "LinkedIn post x 4" not in text + page  # the quantity has its own column


async def test_a_client_name_with_html_in_it_is_text_in_both(actor, out):
    name = '<script>alert("x")</script> & <b>Sons</b>'
    [reply] = await send(actor, issue(client_name=name, out_dir=str(out)))
    documents = documents_in(reply)
    page = read(documents.html_path).decode()
    assert "<script>" not in page and "<b>Sons" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Sons" in page
    assert name in pdf_text(documents.pdf_path)  # wrapped, not dropped


async def test_the_same_invoice_gives_the_same_bytes(tmp_path, out):
    first, second = await started(tmp_path / "a"), await started(tmp_path / "b")
    try:
        documents = documents_in((await send(first, issue(out_dir=str(out))))[0])
        before = {p: read(p) for p in (documents.pdf_path, documents.html_path)}
        other = tmp_path / "other"  # another database, another folder: the same bytes
        again = documents_in((await send(second, issue(out_dir=str(other))))[0])
        assert read(again.pdf_path) == before[documents.pdf_path]
        assert read(again.html_path) == before[documents.html_path]
    finally:
        await first.close()
        await second.close()


async def test_a_repeat_rewrites_the_same_bytes_and_restores_a_deleted_file(actor, out):
    documents = documents_in((await send(actor, issue(out_dir=str(out))))[0])
    before = read(documents.pdf_path), read(documents.html_path)
    await send(actor, pay("100.00"))  # payments do not change the document
    os.unlink(documents.pdf_path)
    [again] = await send(actor, issue(out_dir=str(out)))  # a new message id, the same campaign
    assert documents_in(again) == documents
    assert (read(documents.pdf_path), read(documents.html_path)) == before


async def test_a_replayed_issue_overwrites_its_own_uncommitted_files(tmp_path, out):
    # A frame whose files landed but whose commit did not: the replay finds its own files.
    lost, replay = await started(tmp_path / "lost"), await started(tmp_path / "replay")
    try:
        written = documents_in((await send(lost, issue(out_dir=str(out))))[0])
        before = read(written.pdf_path)
        assert documents_in((await send(replay, issue(out_dir=str(out))))[0]) == written
        assert read(written.pdf_path) == before
    finally:
        await lost.close()
        await replay.close()


async def test_a_file_under_a_number_the_invoice_did_not_get_is_removed(tmp_path, out):
    # An earlier, uncommitted issue of c-1 got number 3; the committed one gets number 1.
    lost = await started(tmp_path / "lost")
    try:
        await send(lost, issue("c-a"), issue("c-b"))  # no out_dir: numbers 1 and 2
        stale = documents_in((await send(lost, issue(out_dir=str(out))))[0])
    finally:
        await lost.close()
    assert stale.pdf_path.endswith("INV-2027-000003.pdf") and os.path.exists(stale.pdf_path)
    actor = await started(tmp_path / "db")
    try:
        documents = documents_in((await send(actor, issue(out_dir=str(out))))[0])
    finally:
        await actor.close()
    assert sorted(os.listdir(out / "_invoices" / "c-1")) == [f"{NUMBER}.html", f"{NUMBER}.pdf"]
    assert os.path.exists(documents.pdf_path)


@pytest.mark.parametrize("taken", ["pdf", "html", "link"])
async def test_a_foreign_file_refuses_the_issue_and_stays(actor, out, taken):
    folder = out / "_invoices" / "c-1"
    folder.mkdir(parents=True)
    target = folder / f"{NUMBER}.{'html' if taken == 'html' else 'pdf'}"
    if taken == "link":
        (out / "mine.pdf").write_bytes(b"aicmo-invoice: not really")
        target.symlink_to(out / "mine.pdf")
    else:
        target.write_bytes(b"the client's own notes")
    [reply] = await send(actor, issue(out_dir=str(out)))
    assert not reply.ok and reply.error.code == ErrorCode.CONFLICT
    assert not reply.error.retryable and str(target) in reply.error.message
    assert sorted(os.listdir(folder)) == [target.name]  # nothing else written
    if taken != "link":
        assert target.read_bytes() == b"the client's own notes"
    [missing] = await send(actor, GetInvoice(campaign_id="c-1"))
    assert missing.error.code == ErrorCode.NOT_FOUND  # not issued; the number not spent
    target.unlink()
    assert invoice_in((await send(actor, issue(out_dir=str(out))))[0]).number == NUMBER


async def test_an_untaxed_place_prints_the_tax_note(actor, out):
    [reply] = await send(actor, issue(geography="Atlantis", out_dir=str(out)))
    note, documents = invoice_in(reply).tax_note, documents_in(reply)
    assert note and "No tax was charged" in note
    assert note in pdf_text(documents.pdf_path)
    assert escape(note) in read(documents.html_path).decode()


async def test_the_invoice_view_names_its_documents(actor, out):
    [issued] = await send(actor, issue(out_dir=str(out)))
    [view] = await send(actor, GetInvoice(campaign_id="c-1"))
    assert InvoiceView.model_validate(view.payload).documents == documents_in(issued)


async def test_no_out_dir_writes_no_documents(actor, tmp_path):
    [reply] = await send(actor, issue())
    assert reply.ok and reply.payload["documents"] is None
    [view] = await send(actor, GetInvoice(campaign_id="c-1"))
    assert view.payload["documents"] is None


async def test_an_unconfigured_agency_is_printed_as_such(tmp_path, out):
    actor = await started(tmp_path / "db", agency=None)
    try:
        documents = documents_in((await send(actor, issue(out_dir=str(out))))[0])
    finally:
        await actor.close()
    text, page = pdf_text(documents.pdf_path), read(documents.html_path).decode()
    for document in (text, page):
        assert "AICMO Agency" in document
        assert "not a valid tax invoice" in document and "AICMO_AGENCY_NAME" in document


@pytest.mark.parametrize("bad", [{"out_dir": "relative/out"},
                                 {"out_dir": "/abs", "campaign_id": "../escape"}])
def test_out_dir_must_be_absolute_and_the_campaign_a_folder_name(bad):
    with pytest.raises(ValidationError):
        issue(**bad)
    assert issue(campaign_id="../escape").out_dir is None  # no documents, no path
