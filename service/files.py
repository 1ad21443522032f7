"""Files the service hands out: a pack's files and a batch's report. Only files the system
wrote and lists are served: a pack file must be in the pack's manifest (so no path can
climb out of the pack dir), a report is the one the reporting module just built."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from contracts.reporting import ReportBuilt
from contracts.views import CampaignDetail


def pack_file(campaign: CampaignDetail, path: str) -> FileResponse:
    if campaign.pack_dir is None or path not in campaign.pack_files:
        raise HTTPException(404, f"campaign {campaign.campaign_id}'s pack has no file {path!r}")
    full = Path(campaign.pack_dir) / path
    if not full.is_file():
        raise HTTPException(404, f"{path} is listed in the pack's manifest but is not on disk")
    # Shown in the browser, sandboxed: a pack page runs no script with the console's origin.
    return FileResponse(full, filename=full.name, content_disposition_type="inline",
                        headers={"Content-Security-Policy": "sandbox"})


def report_file(built: ReportBuilt, fmt: str) -> FileResponse:
    full = Path(built.html_path if fmt == "html" else built.json_path)
    media = "text/html" if fmt == "html" else "application/json"
    return FileResponse(full, media_type=media, filename=full.name)
