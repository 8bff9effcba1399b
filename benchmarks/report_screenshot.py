"""Make docs/assets/report.png: a screenshot of the report of a real run.

Cleans the real scraped data of ``benchmarks/data/scraped`` (its scraped pages,
``docs/*``, and the scraped lines of ``cases.jsonl``, field ``input``) with the
default profile and ``--report``, opens the report in headless Chromium
(Debian's ``chromium`` and ``chromium-driver``, as the tests do) and saves the
top of the page (the run, the chart, the first examples).

Run: ``python benchmarks/report_screenshot.py`` (``--out`` picks the PNG,
``--height`` how much of the page; ``--dark`` for the dark scheme).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]


def make_report(work: Path) -> Path:
    # A copy under the same relative path, so that the page names the repository's files
    # and its command line shows no scratch folder.
    shutil.copytree(ROOT / "benchmarks" / "data" / "scraped", work / "benchmarks" / "data" / "scraped")
    page = work / "report.html"
    cmd = [
        sys.executable, "-m", "textmend.cli", "clean", "benchmarks/data/scraped",
        "--glob", "docs/*", "--glob", "cases.jsonl", "--field", "input",
        "-o", "cleaned/", "--report", "report.html", "--stats", "stats.json", "--workers", "2", "-q",
    ]
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit(r.stderr)
    return page


def screenshot(page: Path, out: Path, width: int, height: int, dark: bool) -> None:
    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        raise SystemExit("needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver")
    profile = tempfile.mkdtemp(prefix="textmend-chromium-")
    options = Options()
    options.binary_location = chromium
    for flag in [*FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        if dark:
            driver.execute_cdp_cmd(
                "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
            )
        driver.get(page.resolve().as_uri())
        png = driver.get_screenshot_as_png()
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    # A palette of 256 colours keeps text sharp and the file small.
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "report.png")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=2600)
    ap.add_argument("--dark", action="store_true")
    args = ap.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        page = make_report(Path(work))
        screenshot(page, args.out, args.width, args.height, args.dark)
    print(f"{args.out} ({args.out.stat().st_size // 1000} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
