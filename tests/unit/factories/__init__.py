"""Test factories, one module per subject: filled-in contracts of each business module
(billing, cam, client_review, desk, housekeeping, reporting, retention), every contract the
registry knows (contracts), and the inputs of the in-process module actor tests (modules)."""
