"""Test factories, one module per subject: filled-in contracts of each business module
(batches, billing, cam, client_review, desk, housekeeping, reporting, retention), every
contract the registry knows (contracts), and the inputs of the in-process module actor tests
(modules)."""

from datetime import timedelta, timezone

CID = "c-1"  # the campaign the factories' messages are about
# A non-UTC offset for the factories' datetimes: a frame must keep the instant, not the tz.
CEST = timezone(timedelta(hours=2))
