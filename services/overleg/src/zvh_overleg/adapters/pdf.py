"""PDF rendering with WeasyPrint. WeasyPrint is synchronous: it runs in a worker thread."""

from __future__ import annotations

import asyncio


class WeasyPdf:
    async def pdf(self, html: str, *, base_url: str | None = None) -> bytes:
        return await asyncio.to_thread(_render, html, base_url)


def _render(html: str, base_url: str | None) -> bytes:
    from weasyprint import HTML  # imported here: loading pango is slow and not needed at start

    result = HTML(string=html, base_url=base_url).write_pdf()
    assert result is not None
    return result
