"""The `aicmo` command line (entry point: cli.main:main).

main (parser, exit codes) -> batch, status (run, status, cancel, demo), lifecycle (leads,
review, invoices, pay, followups, report), dlq (dlq, gc). options holds what every command
shares (options, AICMO_* settings, the one data dir, the runtime); output how a command
writes (stdout ownership, text/JSON/CSV, money, times); inputs what the user hands in;
errors what a refusal from the system says.
"""
