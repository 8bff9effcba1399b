"""The report as a person sees it, in headless Chromium.

Debian's ``chromium`` and ``chromium-driver`` packages, driven by selenium
(never a downloaded browser or driver). .ci/run installs them and sets
``TEXTMEND_REQUIRE_BROWSER=1``, under which a missing browser fails the tests;
elsewhere they are skipped with the command that installs it.

The checks are on what is rendered, not on the HTML text: the visible text
of elements (WebDriver's rendered-text rule: hidden elements have none), a
screenshot decoded pixel by pixel, what the page's own script did to the page
and what the document's attack did not. Nothing waits on a clock: a page is
read after its load event, and the page's handlers run synchronously on the
events WebDriver sends.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.report_data import make_corpus

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
REQUIRED = os.environ.get("TEXTMEND_REQUIRE_BROWSER") == "1"
# Without the background-networking flags Chromium hangs on a closed network.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,1600",
]


def _require_browser() -> None:
    missing = [name for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)) if path is None]
    if missing:
        message = f"{' and '.join(missing)} not found: apt-get install chromium chromium-driver"
        if REQUIRED:
            pytest.fail(message + " (TEXTMEND_REQUIRE_BROWSER=1)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None and CHROMEDRIVER is not None
    profile = tempfile.mkdtemp(prefix="textmend-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")  # selenium's manager must not look for downloads
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real run's report, and the report of its --explain file."""
    tmp = tmp_path_factory.mktemp("browser")
    meta = make_corpus(tmp / "corpus")

    def textmend(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "textmend.cli", *args], cwd=tmp,
                              capture_output=True, timeout=300)

    r = textmend("clean", "corpus", "-o", "out", "--report", "run.html", "--stats", "stats.json",
                 "--explain", "edits.jsonl", "--workers", "2", "--chunk-bytes", "2000", "-q")
    assert r.returncode == 1, r.stderr  # the broken record
    r = textmend("report", "edits.jsonl", "-o", "edits.html")
    assert r.returncode == 0, r.stderr
    return {"tmp": tmp, "meta": meta, "stats": json.loads((tmp / "stats.json").read_text())}


def open_page(driver: Any, path: Path) -> None:
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def visible_text(driver: Any, css: str = "body") -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def not_blank(png: bytes) -> tuple[int, int, int]:
    """Check a screenshot shows a page (many colours, much ink); returns its background colour."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = img.size
    assert width >= 1000 and height >= 1000
    colours = img.getcolors(maxcolors=width * height)
    assert colours is not None
    background_count, background = max(colours)
    assert len(colours) > 50  # text, bars and highlights, anti-aliased
    assert 1 - background_count / (width * height) > 0.03
    return background  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", ["run.html", "edits.html"])
def test_the_page_shows_the_run_as_its_stats_say(browser: Any, reports: dict[str, Any], name: str) -> None:
    from selenium.webdriver.common.by import By

    stats = reports["stats"]
    open_page(browser, reports["tmp"] / name)
    assert browser.title.startswith("textmend report")
    # The facts of the run.
    assert visible_text(browser, "#fact-documents") == str(stats["documents"]) == str(reports["meta"]["records"])
    assert visible_text(browser, "#fact-changed").split()[0] == str(stats["documents_changed"])
    assert visible_text(browser, "#fact-errors") == "1"
    run = visible_text(browser, "#run")
    path, line = reports["meta"]["bad"]
    rel = Path(path).relative_to(reports["tmp"]).as_posix()
    assert f"{rel}:{line} json: broken JSON" in run
    # Every stage/rule of the stats, with its count, in the chart; nothing else.
    shown = {}
    for row in browser.find_elements(By.CSS_SELECTOR, "#chart tbody tr"):
        cells = row.find_elements(By.CSS_SELECTOR, "th, td")
        assert row.is_displayed()
        shown[cells[0].text] = int(cells[1].text)
    assert shown == stats["edits"]
    # Real examples of every one, shown.
    for label in stats["edits"]:
        examples = browser.find_elements(By.CSS_SELECTOR, f'article.ex[data-rule="{label}"]')
        assert examples and all(e.is_displayed() for e in examples), label
    # The page's script ran; the documents' did not, and show as text.
    assert "js" in browser.execute_script("return document.documentElement.className")
    assert browser.execute_script("return document.documentElement.getAttribute('data-pwned')") is None
    text = visible_text(browser)
    assert "<script>document.documentElement.setAttribute(" in text
    assert "<img src=x onerror=" in text
    # Self-contained: nothing was fetched.
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    not_blank(browser.get_screenshot_as_png())


def test_the_filter_narrows_the_examples_and_the_table_sorts(browser: Any, reports: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    stats = reports["stats"]
    open_page(browser, reports["tmp"] / "run.html")
    total = len(browser.find_elements(By.CSS_SELECTOR, "article.ex"))
    box = browser.find_element(By.ID, "filter-text")
    assert box.is_displayed()
    assert visible_text(browser, "#filter-count") == f"{total} examples"

    def shown() -> list[Any]:
        return [e for e in browser.find_elements(By.CSS_SELECTOR, "article.ex") if e.is_displayed()]

    # By stage and rule.
    label = min(stats["edits"], key=lambda k: (stats["edits"][k], k))
    Select(browser.find_element(By.ID, "filter-rule")).select_by_value(label)
    assert shown() and {e.get_attribute("data-rule") for e in shown()} == {label}
    assert visible_text(browser, "#filter-count") == f"{len(shown())} of {total} examples"
    Select(browser.find_element(By.ID, "filter-rule")).select_by_value("")
    # By text: every example left holds the words.
    box.send_keys("karzai")
    left = shown()
    assert 0 < len(left) < total and all("karzai" in e.text.lower() for e in left)
    box.clear()
    box.send_keys("entity_residue")  # a stage's name
    assert shown() and all(e.get_attribute("data-stage") == "entity_residue" for e in shown())
    box.clear()
    box.send_keys("no such text anywhere")
    assert shown() == [] and browser.find_element(By.ID, "filter-none").is_displayed()
    box.clear()
    box.send_keys(" ")
    assert len(shown()) == total

    # Sorting: by edits (most first, then fewest first), by name.
    def column(i: int) -> list[str]:
        rows = browser.find_elements(By.CSS_SELECTOR, "#chart tbody tr")
        return [r.find_elements(By.CSS_SELECTOR, "th, td")[i].text for r in rows]

    heads = browser.find_elements(By.CSS_SELECTOR, "#chart thead th button")
    assert [h.text for h in heads] == ["Stage / rule", "Edits", "Documents", "Share of documents"]
    heads[1].click()
    counts = [int(x) for x in column(1)]
    assert counts == sorted(counts, reverse=True)
    heads[1].click()
    assert [int(x) for x in column(1)] == sorted(counts)
    heads[0].click()
    names = column(0)
    assert sorted(names) == sorted(stats["edits"])
    assert names == browser.execute_script("return arguments[0].slice().sort((a, b) => a.localeCompare(b))", names)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_light_and_dark_schemes(browser: Any, reports: dict[str, Any], scheme: str) -> None:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        open_page(browser, reports["tmp"] / "run.html")
        background = not_blank(browser.get_screenshot_as_png())
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    if scheme == "light":
        assert min(background) > 230, background
    else:
        assert max(background) < 40, background


def test_readable_without_javascript(browser: Any, reports: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    stats = reports["stats"]
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(browser, reports["tmp"] / "run.html")
        assert "js" not in (browser.execute_script("return document.documentElement.className") or "")
        assert visible_text(browser, "#fact-documents") == str(stats["documents"])
        rows = browser.find_elements(By.CSS_SELECTOR, "#chart tbody tr")
        shown = {r.find_element(By.CSS_SELECTOR, "th").text: int(r.find_element(By.CSS_SELECTOR, "td").text) for r in rows}
        assert shown == stats["edits"]
        assert [int(v) for v in shown.values()] == sorted(shown.values(), reverse=True)  # most first
        examples = browser.find_elements(By.CSS_SELECTOR, "article.ex")
        assert examples and all(e.is_displayed() for e in examples)
        assert not browser.find_element(By.ID, "filter").is_displayed()  # it needs the script
        not_blank(browser.get_screenshot_as_png())
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
