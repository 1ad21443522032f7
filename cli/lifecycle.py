"""`aicmo leads | review | invoices | pay | followups | report`: the client lifecycle.

Lists are answered by the owning module from its own data; decisions go through the
supervisor, which wakes the campaign's saga. In embedded mode (no --address) a review
decision waits until the campaign's batch is settled again before Ray stops, so the work
it starts is done, not merely resumed next time. `review` lives in cli/review.py.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from actors._text import plural
from cli.inputs import read_leads
from cli.options import (
    EXIT_OK,
    InputError,
    add_command,
    open_runtime,
    review_options,
    review_settings,
)
from cli.output import emit, emit_list, money
from cli.review import add_review

# The columns of each list's --csv (its --json lines carry every field of the object).
LEAD_FIELDS = ["lead_id", "email", "name", "company", "title", "source", "industry", "score",
               "grade", "qualified", "status"]
INVOICE_FIELDS = ["invoice_id", "number", "status", "campaign_id", "client_id", "client_name",
                  "currency", "total", "amount_paid", "balance", "issued_on", "due_on"]
FOLLOW_UP_FIELDS = ["follow_up_id", "due_on", "kind", "status", "client_id", "campaign_id",
                    "note"]


def _show(args: argparse.Namespace, model: Any, lines: list[str]) -> int:
    emit(model.model_dump_json(indent=2) if args.json else "\n".join(lines))
    return EXIT_OK


def _with_runtime(args: argparse.Namespace, work: Any, reads_only: bool = True) -> int:
    runtime = open_runtime(args, reads_only=reads_only)
    try:
        return work(runtime)
    finally:
        runtime.shutdown()


def _import_lines(report: Any) -> list[str]:
    return [f"{len(report.accepted)} accepted, {plural(len(report.duplicates), 'duplicate')}, "
            f"{len(report.invalid)} invalid",
            *(f"  row {i.index + 1}: {'; '.join(i.problems)}" for i in report.invalid),
            *(f"  row {d.index + 1}: duplicate of {d.email}" for d in report.duplicates)]


def _lead_line(lead: Any) -> str:
    return (f"{lead.lead_id}  {lead.grade}  {lead.score:.3f}  {lead.email:<32} "
            f"{lead.company}  {lead.status}")


def cmd_leads(args: argparse.Namespace) -> int:
    if args.action == "import":
        rows = read_leads(Path(args.file))
        return _with_runtime(args, lambda rt: _show(
            args, r := rt.import_leads(rows, Path(args.file).name), _import_lines(r)),
            reads_only=False)

    def listing(rt: Any) -> int:
        leads = rt.leads(args.grade, args.limit).leads
        emit_list(args.format, leads, LEAD_FIELDS, _lead_line, "no leads")
        return EXIT_OK
    return _with_runtime(args, listing)


def cmd_close(args: argparse.Namespace) -> int:
    brief = None
    if args.brief:
        try:
            brief = json.loads(Path(args.brief).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the brief {args.brief}: {exc}") from exc
    try:
        fee = Decimal(args.fee)
    except InvalidOperation as exc:
        raise InputError(f"--fee {args.fee!r} is not an amount") from exc

    def close(rt: Any) -> int:
        done = rt.sign_client(args.lead_id, args.deal_id, contract_months=args.months,
                              monthly_fee=fee, currency=args.currency, brief=brief,
                              campaign_id=args.campaign_id, out_dir=args.out,
                              review=review_settings(args))
        if done.batch_id:
            rt.batch(done.batch_id).wait()
        return _show(args, done, [
            f"signed {done.signed.client_name} ({done.signed.client_id}) until "
            f"{done.signed.contract_end}",
            f"first campaign: batch {done.batch_id}" if done.batch_id else "no brief yet"])
    return _with_runtime(args, close, reads_only=False)


def _invoice_line(invoice: Any) -> str:
    return (f"{invoice.number}  {invoice.invoice_id}  {invoice.status:<8} "
            f"{money(invoice.total, invoice.currency):>14}  balance "
            f"{money(invoice.balance, invoice.currency):>14}  due {invoice.due_on}  "
            f"{invoice.client_name} ({invoice.campaign_id})")


def cmd_invoices(args: argparse.Namespace) -> int:
    def listing(rt: Any) -> int:
        emit_list(args.format, rt.invoices(args.status).invoices, INVOICE_FIELDS,
                  _invoice_line, "no invoices")
        return EXIT_OK
    return _with_runtime(args, listing)


def cmd_pay(args: argparse.Namespace) -> int:
    try:
        amount = Decimal(args.amount)
        received_on = date.fromisoformat(args.on) if args.on else date.today()
    except (InvalidOperation, ValueError) as exc:
        raise InputError(f"pay: {exc}") from exc
    return _with_runtime(args, lambda rt: _show(args, r := rt.record_payment(
        args.invoice_id, amount, args.currency, received_on=received_on,
        payment_id=args.payment_id), [
        f"{r.invoice.number}: {'recorded' if r.applied else 'already recorded'}; "
        f"paid {r.invoice.amount_paid} of {r.invoice.total} {r.invoice.currency}, "
        f"balance {r.invoice.balance}, {r.invoice.status}"]))


def cmd_followups(args: argparse.Namespace) -> int:
    try:
        due_by = date.fromisoformat(args.by) if args.by else date.today()
    except ValueError as exc:
        raise InputError(f"--by {args.by!r}: expected a date, YYYY-MM-DD") from exc

    def listing(rt: Any) -> int:
        emit_list(args.format, rt.follow_ups(due_by).follow_ups, FOLLOW_UP_FIELDS,
                  lambda f: f"{f.due_on}  {f.kind:<18} {f.client_id}  {f.note}",
                  f"nothing due by {due_by}")
        return EXIT_OK
    return _with_runtime(args, listing)


def cmd_report(args: argparse.Namespace) -> int:
    return _with_runtime(args, lambda rt: _show(args, r := rt.report(args.batch_id, args.out), [
        f"report for {r.batch_id} ({plural(r.campaigns, 'campaign')}):", f"  {r.html_path}",
        f"  {r.json_path}"]))


def add_lifecycle(sub: Any) -> None:
    """leads import|list|close, review ..., invoices, pay, followups due, report."""
    _add_leads(sub)
    add_review(sub)
    _add_money_and_reports(sub)


def _add_leads(sub: Any) -> None:
    leads = add_command(sub, "leads", "import, list and close leads")
    actions = leads.add_subparsers(dest="action", required=True)
    load = add_command(actions, "import", "ingest a .csv or .jsonl lead file")
    load.add_argument("file")
    listing = add_command(actions, "list", "leads by score, with the id `leads close` takes",
                          lists=True)
    listing.add_argument("--grade", choices=["A", "B", "C", "D"])
    listing.add_argument("--limit", type=int, default=100)
    close = add_command(actions, "close", "close a lead's deal (and start its campaign)")
    close.add_argument("lead_id")
    close.add_argument("--deal-id", required=True)
    close.add_argument("--months", type=int, default=12, help="contract length")
    close.add_argument("--fee", required=True, help="monthly fee, e.g. 4500.00")
    close.add_argument("--currency", default="USD")
    close.add_argument("--brief", help="a JSON brief: the client's first campaign")
    close.add_argument("--campaign-id")
    close.add_argument("--out", default="packs")
    review_options(close)
    load.set_defaults(func=cmd_leads)
    listing.set_defaults(func=cmd_leads)
    close.set_defaults(func=cmd_close)


def _add_money_and_reports(sub: Any) -> None:
    invoices = add_command(sub, "invoices", "invoices, by status, with the id `pay` takes",
                           lists=True)
    invoices.add_argument("--status", choices=["draft", "sent", "paid", "overdue", "void"])
    pay = add_command(sub, "pay", "record a payment against an invoice (idempotent)")
    pay.add_argument("invoice_id", help="the invoice's id or its number (INV-2027-000123)")
    pay.add_argument("amount")
    pay.add_argument("currency")
    pay.add_argument("--on", help="date received (default: today)")
    pay.add_argument("--payment-id", help="default: derived from the payment's facts")
    followups = add_command(sub, "followups", "retention follow-ups", lists=True)
    followups.add_argument("when", choices=["due"])
    followups.add_argument("--by", help="due on or before this date (default: today)")
    report = add_command(sub, "report", "write a batch's HTML report and its JSON twin")
    report.add_argument("batch_id")
    report.add_argument("--out", default="reports")
    for parser_, func in ((invoices, cmd_invoices), (pay, cmd_pay),
                          (followups, cmd_followups), (report, cmd_report)):
        parser_.set_defaults(func=func)
