"""Make the README's picture of a report: the HTML report of a profile, photographed by
headless Chromium (Debian's `chromium` package).

    python scripts/report_picture.py [profiles/gunsan.yaml] [--lang ko] \
        [--out docs/report-example.png] [--size 1200,1500]

The same as `regionlab report profiles/gunsan.yaml -o gunsan.html --lang ko`, then a
screenshot of the top of the page. The browser gets no network: every host name resolves
to nothing and every request goes to a closed local port.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing

from regionlab.report.build import report  # noqa: E402

OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--disable-default-apps", "--no-pings", "--hide-scrollbars",
           "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", nargs="?", type=Path, default=ROOT / "profiles" / "gunsan.yaml")
    parser.add_argument("--lang", default="ko")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-example.png")
    parser.add_argument("--size", default="1200,1500", help="window width,height in pixels")
    args = parser.parse_args(argv)
    browser = shutil.which("chromium")
    if browser is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "report.html"
        page.write_text(report([args.profile], args.lang), encoding="utf-8")
        subprocess.run([browser, *OFFLINE, f"--user-data-dir={Path(work) / 'profile'}",
                        f"--screenshot={args.out.resolve()}", f"--window-size={args.size}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"{args.out}: {args.profile} in {args.lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
