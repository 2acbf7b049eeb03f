"""PDF rendering with WeasyPrint. WeasyPrint is synchronous: it runs in a worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path


class WeasyPdf:
    async def pdf(
        self, html: str, *, base_url: str | None = None, stylesheets: Sequence[Path] = ()
    ) -> bytes:
        return await asyncio.to_thread(_render, html, base_url, tuple(stylesheets))


def _render(html: str, base_url: str | None, stylesheets: tuple[Path, ...]) -> bytes:
    # imported here: loading pango is slow and not needed at start
    from weasyprint import CSS, HTML

    # The stylesheets are read from disk and given explicitly: the page's own <link>s point at
    # /static, which WeasyPrint would fetch over HTTP from this very service.
    sheets = [CSS(filename=str(path)) for path in stylesheets]
    result = HTML(string=html, base_url=base_url).write_pdf(stylesheets=sheets)
    assert result is not None
    return result
