"""What a finished call, transfer or credential look-up hands to the widgets that show it.

Re-exported from the client so that widgets depend on the Qt layer only (STYLE.md layering).
"""

from __future__ import annotations

from workbench.client.book import BookSnapshot
from workbench.client.models import CallResult, DownloadResult, ExchangeRecord, UploadResult

__all__ = ["BookSnapshot", "CallResult", "DownloadResult", "ExchangeRecord", "UploadResult"]
