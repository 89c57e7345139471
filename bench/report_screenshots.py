"""Screenshots of the reports as headless Chromium draws them, for looking at and for
docs/: the one-region (Gunsan 2019), national (2022) and multi-year (2019, 2022, 2025)
pages, and the two-year comparison of every municipality (2019 -> 2025), in English,
Korean and Japanese, at 1280 px and at
390 px (a phone: Chromium's window is at least 500 px, so the page is framed at 390 and
the picture cut to it).

    python bench/report_screenshots.py OUT [--docs] [--full]

`--full` takes the whole page (else the first 1800 px); `--docs` writes the 1280 px
pictures of the first screen to docs/screenshots/ as well.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from regionlab.nation import init_profiles
from regionlab.report import build

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
DOCS = ROOT / "docs" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--proxy-server=127.0.0.1:9"]
HEIGHT = """<script>document.title = "h=" + document.documentElement.scrollHeight;</script>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        sys.exit("chromium is not installed: apt-get install chromium")
    return found


def run(args: list[str], work: Path) -> str:
    profile = tempfile.mkdtemp(dir=work)
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                          check=True, capture_output=True, text=True, timeout=180).stdout


def page_height(page: Path, width: int, work: Path) -> int:
    probe = work / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", HEIGHT + "</body>"),
                     encoding="utf-8")
    dom = run([f"--window-size={max(width, 500)},1000", "--dump-dom", probe.as_uri()], work)
    start = dom.index("<title>h=") + len("<title>h=")
    return int(dom[start:dom.index("<", start)])


def shoot(page: Path, png: Path, width: int, work: Path, full: bool) -> None:
    height = page_height(page, width, work) if full else 1800
    target = page
    if width < 500:  # a frame of the phone's width inside a window Chromium allows
        target = work / f"frame-{page.stem}.html"
        target.write_text(f'<!DOCTYPE html><html><body style="margin:0"><iframe src="'
                          f'{page.name}" style="border:0;width:{width}px;height:{height}px">'
                          f'</iframe></body></html>', encoding="utf-8")
    run([f"--window-size={max(width, 500)},{height}", f"--screenshot={png}",
         target.as_uri()], work)
    if width < 500:
        from matplotlib.image import imread, imsave

        imsave(png, imread(png)[:, :width])


def pages(work: Path) -> dict[tuple[str, str], str]:
    years = {}
    for year in (2019, 2022, 2025):
        years[year] = work / f"kr{year}"
        init_profiles.init_all(year, years[year])
    out = {}
    for lang in ("en", "ko", "ja"):
        out[("single", lang)] = build.report([PROFILES / "gunsan.yaml"], lang)
        out[("national", lang)] = build.report([years[2022]], lang)
        out[("years", lang)] = build.report(list(years.values()), lang, years=True)
        out[("two-years", lang)] = build.report([years[2019], years[2025]], lang,
                                                two_years=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", action="store_true")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for (kind, lang), text in pages(work).items():
            page = work / f"{kind}-{lang}.html"
            page.write_text(text, encoding="utf-8")
            for width in (1280, 390):
                png = args.out / f"report-{kind}-{lang}-{width}.png"
                shoot(page, png, width, work, args.full)
                print(png)
                if args.docs and width == 1280:
                    DOCS.mkdir(parents=True, exist_ok=True)
                    shoot(page, DOCS / png.name, width, work, False)


if __name__ == "__main__":
    main()
