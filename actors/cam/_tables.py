"""Client acquisition's own tables. Nobody else reads or writes them.

Money is TEXT (a Decimal's exact digits); dates and times are ISO strings. Every row is
written through the frame's `tx.rows(table).put`, an upsert by primary key.
"""

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, Text

from actors._kernel import processed_messages

metadata = MetaData()
processed = processed_messages(metadata)

leads = Table(
    "leads",
    metadata,
    Column("lead_id", String, primary_key=True),  # derived from the normalized email
    Column("email", String, nullable=False, unique=True),  # normalized
    Column("email_as_given", String, nullable=False),
    Column("name", String, nullable=False),
    Column("company", String, nullable=False),
    Column("title", String),
    Column("source", String),
    Column("industry", String),
    Column("company_size", Integer),
    Column("country", String),
    Column("phone", String),
    Column("linkedin_url", String),
    Column("website", String),
    Column("import_source", String, nullable=False),  # IngestLeads.source_name
    Column("score", Float, nullable=False, index=True),
    Column("grade", String, nullable=False),
    Column("qualified", Boolean, nullable=False),
    Column("factors_json", Text, nullable=False),
    Column("status", String, nullable=False),  # new | qualified | won
    Column("client_id", String),  # set when won
    Column("deal_id", String),
    Column("created_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
)

outreach_steps = Table(
    "outreach_steps",
    metadata,
    Column("lead_id", String, primary_key=True),
    Column("step", Integer, primary_key=True),
    Column("day", Integer, nullable=False),
    Column("channel", String, nullable=False),
    Column("subject", Text),
    Column("body", Text, nullable=False),
)

deals = Table(
    "deals",
    metadata,
    Column("deal_id", String, primary_key=True),
    Column("lead_id", String, nullable=False, index=True),
    Column("client_id", String, nullable=False, index=True),
    Column("client_name", String, nullable=False),
    Column("contract_start", String, nullable=False),
    Column("contract_end", String, nullable=False),
    Column("monthly_fee", String, nullable=False),
    Column("currency", String, nullable=False),
    Column("signed_at", String, nullable=False),
    Column("brief_json", Text),
    Column("campaign_id", String),
)

# One row per client: its current (most recently signed) deal; every deal stays in `deals`.
clients = Table(
    "clients",
    metadata,
    Column("client_id", String, primary_key=True),
    Column("client_name", String, nullable=False),
    Column("lead_id", String, nullable=False),
    Column("deal_id", String, nullable=False),
    Column("contract_start", String, nullable=False),
    Column("contract_end", String, nullable=False),
    Column("monthly_fee", String, nullable=False),
    Column("currency", String, nullable=False),
    Column("updated_at", String, nullable=False),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", String, primary_key=True),
    # NULL client facts: a tombstone for a campaign cancelled before it was registered.
    Column("client_id", String, index=True),
    Column("client_name", String),
    Column("brand", String),
    Column("batch_id", String),
    Column("status", String, nullable=False),  # registered | delivered | cancelled
    Column("lead_id", String),
    Column("deal_id", String),
    Column("reason", Text),
    Column("registered_at", String),
    Column("updated_at", String, nullable=False),
)
