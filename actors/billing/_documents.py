"""An invoice's documents: the PDF and HTML a client opens, kept in step with the invoice.

- Issue: rendered and written (see _document_files) before the invoice row is committed;
  something foreign at their paths refuses the issue (CONFLICT, not retryable), untouched.
- Repeat (another IssueInvoice for the campaign, or the same one replayed after its frame
  failed): rendered again from the stored invoice and identity: the same bytes, rewritten,
  which also restores a document someone deleted.
- Void: rewritten marked VOID, rather than removed: a voided invoice number stays accounted
  for, and a copy the client already has can be checked against it. A foreign file at their
  paths is kept and reported. Documents an issue left behind without committing (no row) are
  removed: that invoice never existed.

The documents print the invoice as issued (lines, tax, totals, terms), never its payments:
a payment does not change them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from actors._kernel import ModuleError, Tx
from contracts.billing import Invoice, InvoiceDocuments
from contracts.common import AgencyIdentity, derived_id
from contracts.envelope import ErrorCode

from . import _tables as t
from ._document_files import ForeignDocument, folder_of, remove_ours, write_documents
from ._document_html import render_html
from ._document_pdf import render_pdf
from ._document_sheet import MARKER, sheet_of

log = logging.getLogger("aicmo.billing")
# Failures no retry will fix: the directory is not ours to write.
_PERMANENT_IO = (PermissionError, NotADirectoryError, FileExistsError, IsADirectoryError)


@contextmanager
def disk_errors(out_dir: str) -> Iterator[None]:
    """Disk failures as the typed errors a sender can act on."""
    try:
        yield
    except ForeignDocument as exc:  # someone's own file: only a person can move it
        raise ModuleError(str(exc), code=ErrorCode.CONFLICT, retryable=False) from exc
    except OSError as exc:
        raise ModuleError(f"cannot write invoice documents under {out_dir}: {exc}",
                          code=ErrorCode.IO_FAILED,
                          retryable=not isinstance(exc, _PERMANENT_IO)) from exc


def render(invoice: Invoice, agency: AgencyIdentity | None) -> dict[str, bytes]:
    """The documents' names and bytes."""
    sheet = sheet_of(invoice, agency)
    return {f"{invoice.number}.pdf": render_pdf(sheet),
            f"{invoice.number}.html": render_html(sheet)}


def located(out_dir: str, invoice: Invoice) -> InvoiceDocuments:
    folder = folder_of(out_dir, invoice.campaign_id)
    return InvoiceDocuments(pdf_path=os.path.join(folder, f"{invoice.number}.pdf"),
                            html_path=os.path.join(folder, f"{invoice.number}.html"),
                            void=invoice.status == "void")


def _publish(out_dir: str, invoice: Invoice, agency: AgencyIdentity | None,
             refuse_foreign: bool) -> tuple[InvoiceDocuments, list[str]]:
    folder, marker = folder_of(out_dir, invoice.campaign_id), MARKER + invoice.invoice_id
    files = render(invoice, agency)
    with disk_errors(out_dir):
        kept = write_documents(folder, files, marker, refuse_foreign)
        remove_ours(folder, marker, keep=frozenset(files))  # under a number it did not get
    return located(out_dir, invoice), kept


def issue(tx: Tx, out_dir: str, invoice: Invoice,
          agency: AgencyIdentity | None) -> InvoiceDocuments:
    """Write a new invoice's documents and record where, with the identity they print."""
    documents, _ = _publish(out_dir, invoice, agency, refuse_foreign=True)
    tx.rows(t.invoice_documents).put({"campaign_id": invoice.campaign_id, "out_dir": out_dir,
                                      "agency": agency.model_dump_json() if agency else None})
    return documents


async def reissue(tx: Tx, invoice: Invoice) -> InvoiceDocuments | None:
    """Write an issued invoice's documents again, as recorded; None if it has none."""
    row = await tx.rows(t.invoice_documents).get(invoice.campaign_id)
    if row is None:
        return None
    documents, _ = _publish(row["out_dir"], invoice, _agency(row), refuse_foreign=True)
    return documents


async def void(tx: Tx, campaign_id: str, invoice: Invoice | None,
               out_dir: str | None) -> tuple[InvoiceDocuments | None, list[str]]:
    """Mark a voided invoice's documents VOID: (documents, foreign paths kept). With no
    recorded documents, remove any an uncommitted issue left in `out_dir`."""
    row = await tx.rows(t.invoice_documents).get(campaign_id)
    if row is not None and invoice is not None:
        documents, kept = _publish(row["out_dir"], invoice, _agency(row), refuse_foreign=False)
        for path in kept:
            log.warning("invoice %s voided, but %s is not its document (someone else's file "
                        "took its place): left untouched, not marked VOID", invoice.number, path)
        return documents, kept
    if out_dir is not None:
        # The invoice id new_ledger would have given this campaign's invoice.
        marker = MARKER + derived_id("invoice", campaign_id)
        with disk_errors(out_dir):
            remove_ours(folder_of(out_dir, campaign_id), marker)
    return None, []


async def view(tx: Tx, invoice: Invoice) -> InvoiceDocuments | None:
    """Where the invoice's documents are, if it has any."""
    row = await tx.rows(t.invoice_documents).get(invoice.campaign_id)
    return located(row["out_dir"], invoice) if row is not None else None


def _agency(row: dict) -> AgencyIdentity | None:
    text = row["agency"]
    return AgencyIdentity.model_validate_json(text) if text else None
