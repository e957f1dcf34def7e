"""Take the README's screenshot of the network view (docs/img/netwerk-hengelo.png) in headless Chromium.

Builds the Hengelo records into a temporary store, writes the standalone view, opens it offline, searches for
ROS Twente (so the panel and the highlighted neighbourhood show) and saves a PNG.

    python scripts/screenshot.py [--output docs/img/netwerk-hengelo.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from viz_first_draw import CHROMIUM_ARGS, build_without_shacl  # noqa: E402

from beleidsgraaf.viz.network import ViewOptions, render_view  # noqa: E402


def main() -> None:
    """Build, render, open offline, select ROS Twente and save the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "img" / "netwerk-hengelo.png")
    parser.add_argument("--search", default="ROS Twente")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = build_without_shacl(REPO / "data", Path(tmp) / "store")
        html = Path(tmp) / "netwerk.html"
        html.write_text(render_view(store, ViewOptions()).html, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 900})
            page.goto(html.as_uri())
            page.wait_for_function("window.__bgFirstDraw !== null", timeout=60_000)
            page.fill("#bg-search", args.search)
            page.keyboard.press("Enter")
            page.wait_for_selector("body[data-selected]")
            page.evaluate("window.bgView.network.moveTo({scale: 0.85})")
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
            browser.close()
    print(f"geschreven / written: {args.output}")


if __name__ == "__main__":
    main()
