"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide a page must not scroll sideways; only a
wide table may, inside its own scroll container. And on a 1280px screen every table
shows all its columns without scrolling.

``sideways`` says whether the page is wider than its window and names what sticks out of
it; ``cut_off_tables`` names the tables wider than their scroll container.
"""

from __future__ import annotations

from playwright.sync_api import Page

# What sticks out of the window and is not held by a scroll container that fits in it. An
# element's overflow is clipped by its containing blocks: a positioned element escapes a
# scroll container that is not itself positioned, and so widens the page.
_SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const container = (el) => {
    const position = getComputedStyle(el).position;
    if (position === "fixed") return null;
    let up = el.parentElement;
    if (position === "absolute") {
      while (up && up !== document.body && getComputedStyle(up).position === "static") {
        up = up.parentElement;
      }
    }
    return up;
  };
  const inside = (box) => box.left >= -1 && box.right <= width + 1;
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim()) {
      text += "." + el.className.trim().split(/\\s+/).join(".");
    }
    const words = (el.innerText || el.textContent || "").trim().replace(/\\s+/g, " ");
    return `${text} "${words.slice(0, 50)}"`;
  };
  const found = [];
  const reported = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if ((box.width === 0 && box.height === 0) || inside(box)) continue;
    let pane = container(el);
    while (pane && pane !== document.body && !scrolls(pane)) pane = container(pane);
    if (pane && pane !== document.body && inside(pane.getBoundingClientRect())) continue;
    let above = el.parentElement;
    while (above && !reported.has(above)) above = above.parentElement;
    if (above) continue;  // its ancestor is already named
    reported.add(el);
    found.push(`${name(el)} spans ${Math.round(box.left)} to ${Math.round(box.right)}px`);
  }
  return found;
}"""

_CUT_OFF = """() => [...document.querySelectorAll(".app-table-scroll")]
  .filter((pane) => pane.scrollWidth > pane.clientWidth + 1)
  .map((pane) => `${pane.getAttribute("aria-label")}: ${pane.scrollWidth}px wide`
    + ` in ${pane.clientWidth}px`)
"""

NARROW = {"width": 320, "height": 640}


def sideways(page: Page) -> list[str]:
    """What makes the page, as it is now, scroll sideways; nothing if it does not."""
    found = page.evaluate(_SIDEWAYS)
    width, scroll_width = page.evaluate(
        "() => [document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    if scroll_width > width:
        found.insert(0, f"the page is {scroll_width}px wide in a {width}px window")
    return found


def cut_off_tables(page: Page) -> list[str]:
    """The tables that do not fit their scroll container, as the page is now."""
    return page.evaluate(_CUT_OFF)
