"""Driving the pickers of static/js/pickers.js from Playwright (shared by the browser tests)."""

from __future__ import annotations


def pick(page, select_id: str, typed: str, option_text: str | None = None) -> None:
    """Type into the Tom Select of `<select id=select_id>` and click the first answer containing
    option_text (default: what was typed)."""
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.fill(typed)
    option = page.locator(f"#{select_id}-ts-dropdown .option", has_text=option_text or typed).first
    option.wait_for(state="visible")
    option.click()


def pick_in_tree(page, select_id: str, typed: str, option_text: str) -> None:
    """Search a tree picker by name and click the node shown as option_text."""
    page.click(f"#{select_id}-picker")
    page.locator(f"#{select_id}-picker ~ .tree-picker-panel .tree-search").fill(typed)
    node = page.locator(f"#{select_id}-picker ~ .tree-picker-panel .tree-name", has_text=option_text).first
    node.wait_for(state="visible")
    node.click()
