"""Billing's own tables. Nobody else reads or writes them. Money is Decimal text."""

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, insert

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

# One row per campaign: its invoice, or a void tombstone left before any invoice existed
# (invoice_id and the invoice's fields NULL, status "void").
invoices = Table(
    "invoices",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("invoice_id", String, unique=True),
    Column("number", String, unique=True),
    Column("client_id", String, nullable=False),
    Column("client_name", String, nullable=False),
    Column("currency", String, nullable=False),
    Column("geography", String, nullable=False),
    Column("country_code", String),  # ISO alpha-2 the tax was chosen by; NULL: none, or old
    Column("tax_note", Text),  # why no tax was charged, when no rule covered the place
    Column("subtotal", String),
    Column("tax", String),
    Column("total", String),
    Column("amount_paid", String),
    Column("balance", String),
    Column("issued_on", String),  # ISO dates sort as text
    Column("due_on", String),
    Column("status", String, nullable=False),  # sent | paid | overdue | void
    Column("void_reason", Text),
    Column("voided_at", String),
    Column("updated_at", String, nullable=False),
    Index("ix_invoices_order", "issued_on", "number"),
    Index("ix_invoices_status_due", "status", "due_on"),
    Index("ix_invoices_client", "client_id"),
)

invoice_lines = Table(
    "invoice_lines",
    metadata,
    Column("invoice_id", String, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String, nullable=False),
    Column("description", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", String, nullable=False),
    Column("amount", String, nullable=False),
)

payments = Table(
    "payments",
    metadata,
    Column("payment_id", String, primary_key=True),
    Column("invoice_id", String, nullable=False, index=True),
    Column("position", Integer, nullable=False),  # order applied, within the invoice
    Column("amount", String, nullable=False),
    Column("currency", String, nullable=False),
    Column("received_on", String, nullable=False),
    Column("recorded_at", String, nullable=False),
)

# The last invoice number handed out in each year: numbers are a gapless per-year sequence.
invoice_numbers = Table(
    "invoice_numbers",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

# Where each campaign's invoice documents were written (an IssueInvoice's out_dir), and the
# agency identity they print as JSON (NULL: none was configured): a repeat or a void renders
# them again from these, never from today's settings. Paths follow from out_dir and number.
invoice_documents = Table(
    "invoice_documents",
    metadata,
    Column("campaign_id", String, primary_key=True),
    Column("out_dir", Text, nullable=False),
    Column("agency", Text),
)

# Invoices and invoice numbers are upserted by key (`tx.rows(table).put`): an invoice row
# changes in place, keeping its invoice_id and number. Lines and payments are written once,
# so a plain insert, and a duplicate is an error, not a silent replacement.
insert_line = insert(invoice_lines)
insert_payment = insert(payments)
