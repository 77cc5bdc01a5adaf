"""Shared helpers of the browser tests."""

from playwright.sync_api import TimeoutError as PlaywrightTimeout


def focus(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def attendre_focus(page, ident: str) -> str:
    """Without JavaScript the focus comes from autofocus, applied at the page's next rendering: wait for it. Headless
    Chromium sometimes skips that rendering's autofocus under heavy load (seen in CI, even in a browser of its own):
    then the page must still name this element, and it alone, for autofocus (what every browser acts on)."""
    try:
        page.wait_for_function("i => document.activeElement && document.activeElement.id === i", arg=ident,
                               timeout=10000)
    except PlaywrightTimeout:
        if page.locator("[autofocus]").count() == 1 and page.locator(f"#{ident}[autofocus]").count() == 1:
            page.focus(f"#{ident}")  # what the browser's autofocus does; the rest of the test goes on from there
            return ident
        raise
    return focus(page)
