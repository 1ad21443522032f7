"""Voiding an invoice rewrites its documents marked VOID at the same paths (never a
live-looking invoice left behind), keeps a file this system did not write, and removes the
documents of an issue that never committed."""

from __future__ import annotations

import logging
import os

import pytest

from contracts.billing import GetInvoice, InvoiceView, InvoiceVoided, VoidInvoice
from tests.support import send
from tests.unit.factories.billing import issue
from tests.unit.test_billing_documents import (
    NUMBER,
    actor,  # noqa: F401 - the fixture
    documents_in,
    out,  # noqa: F401 - the fixture
    pdf_text,
    read,
    started,
)

pytestmark = pytest.mark.usefixtures("each_store")


def void(out_dir=None) -> VoidInvoice:
    return VoidInvoice(campaign_id="c-1", reason="client rejected the work",
                       out_dir=str(out_dir) if out_dir else None)


def voided(reply) -> InvoiceVoided:
    assert reply.ok, reply.error
    return InvoiceVoided.model_validate(reply.payload)


async def test_void_rewrites_both_documents_marked_void(actor, out):  # noqa: F811
    issued = documents_in((await send(actor, issue(out_dir=str(out))))[0])
    live = read(issued.pdf_path), read(issued.html_path)
    reply = voided((await send(actor, void()))[0])
    assert reply.documents is not None and reply.documents.void
    assert (reply.documents.pdf_path, reply.documents.html_path) == (issued.pdf_path,
                                                                     issued.html_path)
    assert reply.documents_kept == []
    assert (read(issued.pdf_path), read(issued.html_path)) != live
    text, page = pdf_text(issued.pdf_path), read(issued.html_path).decode()
    for document in (text, page):
        assert "VOID: this invoice was cancelled on January 4, 2027 and is not payable" \
            in document
        assert NUMBER in document and "Total due" not in document
        assert "with your payment" not in document
    assert f"<title>VOID Invoice {NUMBER}" in page
    [view] = await send(actor, GetInvoice(campaign_id="c-1"))
    assert InvoiceView.model_validate(view.payload).documents == reply.documents


async def test_a_repeated_void_gives_the_same_bytes(actor, out):  # noqa: F811
    issued = documents_in((await send(actor, issue(out_dir=str(out))))[0])
    await send(actor, void())
    first = read(issued.pdf_path), read(issued.html_path)
    os.unlink(issued.html_path)
    again = voided((await send(actor, void()))[0])  # a new message id: already void
    assert again.documents is not None and again.documents.void and not again.was_open
    assert (read(issued.pdf_path), read(issued.html_path)) == first


async def test_void_keeps_a_foreign_file_and_says_so(actor, out, caplog):  # noqa: F811
    issued = documents_in((await send(actor, issue(out_dir=str(out))))[0])
    with open(issued.pdf_path, "wb") as fh:
        fh.write(b"someone saved their own file here")
    with caplog.at_level(logging.WARNING, logger="aicmo.billing"):
        reply = voided((await send(actor, void()))[0])
    assert reply.documents_kept == [issued.pdf_path]
    assert f"{issued.pdf_path} is not its document" in caplog.text
    assert read(issued.pdf_path) == b"someone saved their own file here"
    assert "VOID" in read(issued.html_path).decode()  # the twin, ours, is marked


async def test_void_removes_what_an_uncommitted_issue_left(tmp_path, out):  # noqa: F811
    lost = await started(tmp_path / "lost")  # its files landed, its commit never did
    try:
        orphan = documents_in((await send(lost, issue(out_dir=str(out))))[0])
    finally:
        await lost.close()
    folder = os.path.dirname(orphan.pdf_path)
    with open(os.path.join(folder, "notes.txt"), "w") as fh:
        fh.write("the client's")
    actor = await started(tmp_path / "db")  # noqa: F811
    try:
        reply = voided((await send(actor, void(out)))[0])  # a tombstone: nothing issued here
    finally:
        await actor.close()
    assert reply.invoice_id is None and reply.documents is None
    assert os.listdir(folder) == ["notes.txt"]


async def test_void_without_documents_writes_none(actor, out):  # noqa: F811
    await send(actor, issue())
    reply = voided((await send(actor, void(out)))[0])
    assert reply.was_open and reply.documents is None
    assert not out.exists()
