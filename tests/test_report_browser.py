"""Reports as a browser lays them out (headless Chromium, where installed): at 1280 px
and at 390 px (a phone), in English, Korean and Japanese, the one-region, national and
multi-year pages have no horizontal scroll, no text overflowing its box, no chart text
outside its chart; the national median is drawn and the national table has its
province column (issue 11, "Done when")."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import PROFILES

from regionlab.nation import init_profiles
from regionlab.policy.catalogue import load_catalogue
from regionlab.report import build, words

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed: "
                                "apt-get install chromium")

# Measures the laid-out page and writes what it found into the page, for --dump-dom.
MEASURE = """
<script>
window.addEventListener("load", function () {
  var out = {width: window.innerWidth, scroll: document.documentElement.scrollWidth,
             overflowing: [], chart_text: [], medians: 0, headers: []};
  var boxes = "td, th, p, li, h1, h2, h3, dd, dt, label, figcaption, .figure, .chip, .card";
  document.querySelectorAll(boxes).forEach(function (el) {
    var style = getComputedStyle(el);
    if (style.display === "none" || el.closest("svg")) { return; }
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX === "visible") {
      out.overflowing.push(el.tagName + ": " + el.textContent.trim().slice(0, 60));
    }
  });
  document.querySelectorAll("svg.chart").forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    svg.querySelectorAll("text").forEach(function (t) {
      var b = t.getBoundingClientRect();
      if (b.width === 0) { return; }  // not shown (a legend of another map layer)
      if (b.left < box.left - 1 || b.top < box.top - 1 || b.right > box.right + 1 ||
          b.bottom > box.bottom + 1) {
        out.chart_text.push(svg.dataset.chart + ": " + t.textContent);
      }
    });
  });
  // the page's height with every table box opened out (as printed)
  out.height = document.documentElement.scrollHeight;
  document.querySelectorAll(".table-wrap, .scroll").forEach(function (box) {
    out.height += Math.max(0, box.scrollHeight - box.clientHeight);
  });
  out.change_width = null;
  document.querySelectorAll("th.change, td.change").forEach(function (cell) {
    var w = cell.getBoundingClientRect().width;
    out.change_width = out.change_width === null ? w : Math.min(out.change_width, w);
  });
  out.tables_cut = [];  // tables wider than the page where nothing lets them scroll
  document.querySelectorAll("table").forEach(function (t) {
    var box = t.getBoundingClientRect();
    var wrap = t.closest(".scroll, .table-wrap");
    var scrolls = wrap && getComputedStyle(wrap).overflowX !== "visible";
    if (box.right > window.innerWidth + 1 && !scrolls) {
      out.tables_cut.push((t.id || t.className) + ": " + Math.round(box.right));
    }
  });
  // boxes that scroll sideways at this width, by the table they hold, and those of
  // them that do not say so
  out.scrolling = [];
  out.cues_missing = [];
  document.querySelectorAll(".scroll, .table-wrap, .wide-chart").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      var t = box.querySelector("table, svg");
      var name = t ? (t.id || t.dataset.chart || t.className.baseVal || t.className) : "?";
      out.scrolling.push(name);
      var cue = box.previousElementSibling;
      if (!cue || !cue.classList.contains("scroll-cue") || getComputedStyle(cue).display === "none") {
        out.cues_missing.push(name);
      }
    }
  });
  // the smallest chart text as drawn, in px
  out.chart_font = [100, ""];
  document.querySelectorAll("svg.chart").forEach(function (svg) {
    var vb = svg.viewBox.baseVal, w = svg.getBoundingClientRect().width;
    if (!vb || !vb.width || !w) { return; }
    svg.querySelectorAll("text").forEach(function (t) {
      if (t.getBoundingClientRect().width === 0) { return; }
      var px = parseFloat(getComputedStyle(t).fontSize) * w / vb.width;
      if (px < out.chart_font[0]) { out.chart_font = [px, svg.dataset.chart + ": " + t.textContent]; }
    });
  });
  // the national table: are its key columns in view, does the name stay in view when
  // the table is scrolled sideways, how tall are its rows
  var keyed = document.querySelector("table.keyed");
  if (keyed) {
    var wrap = keyed.closest(".table-wrap").getBoundingClientRect();
    out.key_headers = [];
    Array.prototype.slice.call(keyed.tHead.rows[0].cells, 0, 5).forEach(function (th) {
      var b = th.getBoundingClientRect();
      out.key_headers.push([th.textContent.trim(), b.left >= wrap.left - 1 && b.right <= wrap.right + 1]);
    });
    var heights = Array.prototype.map.call(keyed.tBodies[0].rows, function (r) {
      return r.getBoundingClientRect().height; }).sort(function (a, b) { return a - b; });
    out.row_height = heights[Math.floor(heights.length / 2)];
    var box = keyed.closest(".table-wrap");
    box.scrollLeft = box.scrollWidth;
    var cell = keyed.tBodies[0].rows[0].cells[0].getBoundingClientRect();
    out.name_in_view = cell.left >= wrap.left - 1 && cell.right <= wrap.right + 1;
    box.scrollLeft = 0;
  }
  // table cells whose text wraps into lines of a few characters (issue 18, item 5), and
  // text drawn in a font list without the embedded fonts (no glyph on a machine without
  // Korean or Japanese fonts)
  out.narrow_cells = [];
  out.no_font = [];
  document.querySelectorAll("td, th").forEach(function (cell) {
    if (cell.closest("svg") || getComputedStyle(cell).display === "none") { return; }
    var texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      var text = texts.currentNode.data.replace(/\\s+/g, "");
      if (text.length < 8) { continue; }
      var range = document.createRange(), rects = [];
      range.selectNodeContents(texts.currentNode);
      Array.prototype.forEach.call(range.getClientRects(), function (r) {
        if (r.width > 0) { rects.push([r.top, r.bottom]); }
      });
      rects.sort(function (x, y) { return x[0] - y[0]; });
      var lines = 0, bottom = -1e9;  // boxes that overlap in height share a line
      rects.forEach(function (r) {
        if (r[0] >= bottom - 2) { lines += 1; bottom = r[1]; } else { bottom = Math.max(bottom, r[1]); }
      });
      if (lines >= 3 && text.length / lines < 5) {
        out.narrow_cells.push(lines + " lines: " + text.slice(0, 30) + " (" + (cell.closest("table").className || cell.closest("section").className) + ")");
      }
    }
  });
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    var node = walker.currentNode, parent = node.parentElement;
    if (!/[\\u1100-\\u11ff\\u3040-\\u30ff\\u3400-\\u9fff\\uac00-\\ud7af]/.test(node.data)) { continue; }
    if (parent.closest("script, style, svg")) { continue; }
    if (getComputedStyle(parent).fontFamily.indexOf("rl-font-0") < 0) {
      out.no_font.push(parent.tagName + "." + parent.className + ": " + node.data.trim().slice(0, 20));
    }
  }
  // a count over a bar that a median or threshold line runs through (issue 18, item 10)
  out.lines_through_labels = [];
  document.querySelectorAll("svg.chart text.bar-label").forEach(function (t) {
    var b = t.getBBox();
    t.ownerSVGElement.querySelectorAll("line").forEach(function (l) {
      var x = l.x1.baseVal.value;
      if (x !== l.x2.baseVal.value || x < b.x || x > b.x + b.width) { return; }
      var top = Math.min(l.y1.baseVal.value, l.y2.baseVal.value);
      var bottom = Math.max(l.y1.baseVal.value, l.y2.baseVal.value);
      if (top < b.y + b.height && bottom > b.y) {
        out.lines_through_labels.push(t.ownerSVGElement.dataset.chart + ": " + t.textContent);
      }
    });
  });
  out.medians = document.querySelectorAll('svg[data-chart="radar"] polygon.series').length;
  document.querySelectorAll("table.sticky thead th").forEach(function (th) {
    out.headers.push(th.textContent.trim());
  });
  found("measure", out);
});
</script>
"""
# Keyboard use, measured after everything else: it sorts the national table.
KEYS = """
<script>
window.addEventListener("load", function () {
  var out = {};
  // keyboard: the map's regions can be reached, a column sorted with Enter
  out.map_focusable = document.querySelectorAll('svg[data-chart="map"] .r[tabindex="0"]').length;
  var sortable = document.querySelector("table.sortable");
  if (sortable) {
    var heads = sortable.tHead.rows[0].cells, last = heads[heads.length - 1];
    last.focus();
    last.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    out.keyboard_sorted = document.activeElement === last && last.getAttribute("aria-sort") !== null;
    last.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    last.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
  }
  found("keys", out);
});
</script>
"""
# The embedded fonts, each loaded as the browser does (Chromium checks a font file with
# its sanitizer, OTS, and refuses one it finds malformed: status "error").
FONTS = """
<script>
window.addEventListener("load", function () {
  var faces = [];
  document.fonts.forEach(function (face) { faces.push(face); });
  Promise.all(faces.map(function (face) {
    return face.load().then(function () { return face.status; }, function () { return "error"; });
  })).then(function (status) {
    found("fonts", {families: faces.map(function (face) { return face.family; }), status: status});
  });
});
</script>
"""
# Each script above and below hands what it found to found(): an attribute of the
# page's root element, which --dump-dom writes out and nothing lays out or prints (so
# one script's findings do not change what the next one measures, or the printed PDF).
FOUND = """
<script>
function found(name, out) {
  var text = JSON.stringify(out);
  document.documentElement.setAttribute("data-rl-" + name, text);
  if (window.parent !== window) { window.parent.postMessage([name, text], "*"); }
}
</script>
"""
# Chromium's window is at least 500 px wide: a phone's 390 px is a frame inside it, and
# the pages measured at that width are frames side by side in one window (one launch).
FRAMES = """<!DOCTYPE html><html><body style="margin:0; display:flex; align-items:flex-start">
{frames}
<script>window.addEventListener("message", function (e) {{
  document.querySelectorAll("iframe").forEach(function (frame) {{
    if (frame.contentWindow === e.source) {{
      document.documentElement.setAttribute("data-rl-" + frame.id + "-" + e.data[0], e.data[1]);
    }} }}); }});</script>
</body></html>
"""
FRAME = ('<iframe id="f{i}" src="page{i}.html" '
         'style="border:0; flex:none; width:{width}px; height:{height}px"></iframe>')
MIN_WINDOW = 500


def chromium(url: str, work: Path, *extra: str) -> str:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
               f"--user-data-dir={work / 'profile'}", *extra, url]
    return subprocess.run(command, check=True, capture_output=True, text=True,
                          timeout=120).stdout


def launch(target: Path, work: Path, window: tuple[int, int], *extra: str,
           expected: set[str] | frozenset[str] = frozenset()) -> dict:
    """What the scripts of the page (or of its frames) gave found(), by name.

    On a loaded machine Chromium now and then writes the page out before a script has
    run (virtual time does not wait for every font's decoding or frame's loading): a
    launch missing any of the `expected` names is made again, at most LAUNCHES times in
    all, so that a finding missing at the end is the page's and not the machine's."""
    for _ in range(LAUNCHES):
        dom = chromium(target.as_uri(), work, f"--window-size={window[0]},{window[1]}",
                       "--virtual-time-budget=5000", "--dump-dom", *extra)
        root = dom[:dom.index("<head")]  # the <html> tag and its attributes
        out = {name: json.loads(html.unescape(value))
               for name, value in re.findall(r'data-rl-([\w-]+)="([^"]*)"', root)}
        if expected <= out.keys():
            break
    return out


LAUNCHES = 3


def names_found(scripts: list[str]) -> set[str]:
    """The names the scripts hand their findings under (found("name", ...))."""
    return set(re.findall(r'found\("([\w-]+)"', "".join(scripts)))


def with_scripts(page: str, scripts: list[str], printed: bool = False) -> str:
    if printed:  # the print style sheet in force
        page = page.replace("@media print {", "@media all {")
    return page.replace("</body>", FOUND + "".join(scripts) + "</body>")


def browse(page: str, width: int, scripts: list[str], printed: bool = False,
           pdf: bool = False, height: int = 2000) -> dict:
    """What each of `scripts` found in the page laid out in a window `width` px wide
    (at least MIN_WINDOW), by the name it gave found(), from one launch of headless
    Chromium. `printed`: with the print style sheet in force; `pdf`: the same launch
    also prints the page (A4, as its @page asks) and "pages" is the PDF's page count."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        target = work / "page.html"
        target.write_text(with_scripts(page, scripts, printed), encoding="utf-8")
        pdf_file = work / "page.pdf"
        out = launch(target, work, (width, height),
                     *(["--no-pdf-header-footer", f"--print-to-pdf={pdf_file}"] if pdf else []),
                     expected=names_found(scripts))
        if pdf:  # the page objects of the PDF, which Chromium writes uncompressed
            out["pages"] = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf_file.read_bytes()))
    return out


def browse_frames(pages: list[str], width: int, scripts: list[str], printed: bool = False,
                  height: int = 2000) -> list[dict]:
    """browse() for several pages in one launch: each in a frame `width` px wide (which
    is how a page narrower than a window is laid out at all), side by side."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for i, page in enumerate(pages):
            (work / f"page{i}.html").write_text(with_scripts(page, scripts, printed),
                                                encoding="utf-8")
        host = work / "frames.html"
        host.write_text(FRAMES.format(frames="\n".join(
            FRAME.format(i=i, width=width, height=height) for i in range(len(pages)))),
            encoding="utf-8")
        found = launch(host, work, (max(width * len(pages), MIN_WINDOW), height),
                       expected={f"f{i}-{name}" for i in range(len(pages))
                                 for name in names_found(scripts)})
    out: list[dict] = [{} for _ in pages]
    for key, value in found.items():
        frame, name = key.split("-", 1)
        out[int(frame[1:])][name] = value
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    folders = {}
    for year in (2019, 2022, 2025):
        folders[year] = tmp_path_factory.mktemp(f"kr{year}")
        init_profiles.init_all(year, folders[year])
    out = {}
    for lang in ("en", "ko", "ja"):
        out[("single", lang)] = build.report([PROFILES / "gunsan.yaml"], lang)
        out[("national", lang)] = build.report([folders[2022]], lang)
        out[("years", lang)] = build.report([folders[y] for y in folders], lang, years=True)
    out[("two-years", "ko")] = build.report([PROFILES, PROFILES / "2025"], "ko", two_years=True)
    for lang in ("en", "ko", "ja"):
        out[("two-national", lang)] = build.report([folders[2019], folders[2025]], lang,
                                                   two_years=True)
    return out


A4 = 718  # CSS px across an A4 page inside the print margins (210 mm - 2 x 12 mm)


CASES = [(kind, lang, width) for kind in ("single", "national", "years")
         for lang in ("en", "ko", "ja") for width in (1280, 390)] + [("two-years", "ko", 1280),
                                                                   ("two-years", "ko", 390)]


@pytest.mark.parametrize("kind,lang,width", CASES)
def test_the_page_fits_its_window(seen, kind, lang, width):
    m = seen(kind, lang, width)["measure"]
    assert m["width"] == width
    assert m["scroll"] <= width, f"scrolls sideways: {m['scroll']} px in {width}"
    assert m["overflowing"] == []
    assert m["chart_text"] == []
    assert m["cues_missing"] == [], "scrolls sideways without saying so"
    assert m["chart_font"][0] >= 9, m["chart_font"]  # legible chart text (issue 18, item 5)
    # no table text broken every few characters (issue 18, item 5: Japanese tables at
    # 390 px, the evidence squeezed beside the plane at 1280), and no Hangul or kana
    # set in a font list that cannot draw it (the code column's heading was boxes)
    assert m["narrow_cells"] == [], m["narrow_cells"]
    assert m["no_font"] == [], m["no_font"]
    assert m["lines_through_labels"] == [], m["lines_through_labels"]
    if kind == "single":
        assert m["medians"] == 3  # the region, the national and the provincial median
    if kind == "national":
        assert load_catalogue().label("province", lang) in m["headers"]


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_the_national_two_year_page_fits_and_its_change_column_reads(seen, lang):
    """Issue 18, item 1: at 1280 px no sideways scroll, under 30,000 px tall with every
    table opened out, the Change column wide enough to read a line of it; printed on
    A4, no table cut at the right edge (so Change is on the paper)."""
    m = seen("two-national", lang, 1280)["measure"]
    assert m["scroll"] <= 1280
    assert m["overflowing"] == [] and m["chart_text"] == []
    assert m["height"] < 30_000, m["height"]
    assert m["change_width"] >= 300, m["change_width"]
    assert load_catalogue().label("province", lang) in m["headers"]
    printed = seen("two-national", lang, A4)["measure"]
    assert printed["scroll"] <= A4 and printed["tables_cut"] == [], printed["tables_cut"]
    assert printed["change_width"] >= 150, printed["change_width"]


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_the_national_table_keeps_its_key_columns_and_names_in_view(seen, lang):
    """Issue 18, item 4: at 1280 px the region, province, domain, grade and stability
    are in view without scrolling; scrolled sideways, the region's name stays; rows are
    one or two lines; nothing else on the page needs a sideways scroll."""
    m = seen("national", lang, 1280)["measure"]
    assert all(inside for _, inside in m["key_headers"]), m["key_headers"]
    assert m["name_in_view"]
    assert m["row_height"] <= 64, m["row_height"]
    assert set(m["scrolling"]) <= {"regions-table", "sortable sticky keyed"}, m["scrolling"]


def test_tables_sort_and_the_map_is_reached_by_keyboard(seen):
    """Issue 18, item 9: a column heading takes the focus and sorts with Enter; every
    region of the mainland map (and Dokdo) takes the focus."""
    m = seen("national", "en", 1280)["keys"]
    assert m["keyboard_sorted"]
    assert m["map_focusable"] >= 226


# --- print (issue 18, item 9) -------------------------------------------------------

# Measures the page as laid out for print (the print style sheet in force at the width
# inside an A4 page's margins), for --dump-dom.
PRINTED = """
<script>
window.addEventListener("load", function () {
  var out = {wide: [], clipping: [], sticky: [], rows_unseen: 0, names: [], heads: [],
             change: null, breaks: {}, colour: "", interactive: []};
  var right = document.documentElement.clientWidth;
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") { return; }
    var style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (style.display === "none" || box.width === 0) { return; }
    var what = el.tagName + "." + (el.className.baseVal || el.className) + ": " +
               el.textContent.trim().slice(0, 40);
    if (box.right > right + 1) { out.wide.push(Math.round(box.right) + " " + what); }
    if (/auto|scroll|hidden/.test(style.overflowX + style.overflowY) && el.tagName !== "svg" &&
        (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) {
      out.clipping.push(what);
    }
    if (style.position === "sticky" || style.position === "fixed") { out.sticky.push(what); }
    if (style.boxShadow !== "none" && el.matches(".table-wrap, .scroll, .wide-chart")) {
      out.clipping.push("shadow of a scroll box: " + what);
    }
  });
  document.querySelectorAll("table").forEach(function (t) {
    if (t.tHead) { out.heads.push(getComputedStyle(t.tHead).display); }
  });
  var table = document.querySelector("table.keyed, table.changes");
  if (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (row.getBoundingClientRect().height < 1) { out.rows_unseen += 1; }
      out.names.push(row.cells[0].textContent.trim() + " " +
                     row.cells[row.cells.length - 1].textContent.trim());
    });
  }
  var change = document.querySelector("th.change");
  if (change && change.getBoundingClientRect().width > 0) {
    out.change = [change.textContent.trim(), Math.round(change.getBoundingClientRect().right)];
  }
  [["h2", "breakAfter"], ["h3", "breakAfter"], ["tr", "breakInside"],
   ["svg.chart", "breakInside"]].forEach(function (pair) {
    var el = document.querySelector(pair[0]);
    out.breaks[pair[0]] = el ? getComputedStyle(el)[pair[1]] : "avoid";
  });
  out.colour = getComputedStyle(document.body).printColorAdjust;
  document.querySelectorAll("input, .search, .layers, .scroll-cue").forEach(function (el) {
    if (el.getBoundingClientRect().width > 0) { out.interactive.push(el.tagName + "." + el.className); }
  });
  out.page_rules = [];
  Array.prototype.forEach.call(document.styleSheets, function (sheet) {
    (function walk(rules) {
      Array.prototype.forEach.call(rules, function (rule) {
        if (rule.cssRules && !(rule instanceof CSSPageRule)) { walk(rule.cssRules); }
        if (rule instanceof CSSPageRule) { out.page_rules.push(rule.cssText); }
      });
    })(sheet.cssRules);
  });
  found("printed", out);
});
</script>
"""


PRINT_CASES = [(kind, lang) for kind in ("national", "single", "years", "two-national")
               for lang in ("en", "ko", "ja")]


# Everything the tests below measure, (kind, lang, width); A4: printed.
MEASURED = CASES + [("two-national", lang, 1280) for lang in ("en", "ko", "ja")] + [
    (kind, lang, A4) for kind, lang in PRINT_CASES]


def alone(kind: str, width: int) -> bool:
    """Pages measured in a window of their own: the national ones printed to PDF (a
    frame cannot be), and the national page on screen (the keyboard's focus)."""
    return kind in ("national", "two-national") if width == A4 else (
        kind == "national" and width >= MIN_WINDOW)


@pytest.fixture(scope="module")
def seen(pages):
    """seen(kind, lang, width): everything measured of that page at that width, from
    launches of Chromium shared by the tests that ask (a launch is a second or two of
    the suite's two minutes): the pages of one width are frames side by side in one
    window (at 1280 px those of one language), except those measured `alone`. At A4
    the page is laid out with its print style sheet, and the national pages printed to
    PDF in the same launch; on screen the national page's map names and keyboard use
    are measured too, and at 1280 px whether every embedded font loads."""
    memo: dict[tuple, dict] = {}

    def see(kind: str, lang: str, width: int) -> dict:
        key = (kind, lang, width)
        if key in memo:
            return memo[key]
        page = pages[(kind, lang)]
        if alone(kind, width) and width == A4:
            # the layout on screen's measures, at A4, are read of the two-year page only
            scripts = [PRINTED, MEASURE] if kind == "two-national" else [PRINTED]
            memo[key] = browse(page, A4, scripts, printed=True, pdf=True, height=1200)
        elif alone(kind, width):
            memo[key] = browse(page, width, [PLACES, MEASURE, KEYS, FONTS])
        else:
            group = [k for k in MEASURED if k[2] == width and not alone(k[0], width)
                     and (width != 1280 or k[1] == lang)]
            found = browse_frames([pages[k[:2]] for k in group], width,
                                  [PRINTED] if width == A4 else
                                  [MEASURE, FONTS] if width == 1280 else [MEASURE],
                                  printed=width == A4, height=1200 if width == A4 else 2000)
            memo.update(zip(group, found, strict=True))
        return memo[key]

    return see


@pytest.mark.parametrize("kind,lang", PRINT_CASES)
def test_a_printed_page_holds_everything_on_a4(seen, kind, lang):
    """Issue 18, item 9: printed, every row of the table is there and seen (no box that
    scrolls or clips, no sticky cell), nothing runs past the right edge of the paper,
    table headers repeat on each page, headings keep with what follows and charts and
    rows stay whole, colours print, the search box and layer switch are left out, and
    each page names the report and its edition in its margin."""
    m = seen(kind, lang, A4)["printed"]
    assert m["wide"] == [], m["wide"][:5]
    assert m["clipping"] == [], m["clipping"][:5]
    assert m["sticky"] == [], m["sticky"][:5]
    assert set(m["heads"]) == {"table-header-group"}
    assert m["breaks"] == {"h2": "avoid", "h3": "avoid", "tr": "avoid", "svg.chart": "avoid"}
    assert m["colour"] == "exact"
    assert m["interactive"] == []
    edition = load_catalogue().label("edition", lang).format(date="")
    assert any("@bottom-left" in r and edition.strip() in r for r in m["page_rules"]), \
        m["page_rules"]
    if kind == "national":  # and the agencies its evidence figures come from
        cat = load_catalogue()
        said = (cat.label("page_sources", lang).format(agencies="").strip(),
                words.agencies("Statistics Korea", lang, cat))
        assert any("@top-left" in r and all(s in r for s in said) for r in m["page_rules"]), \
            m["page_rules"]
    if kind in ("national", "two-national"):
        assert m["rows_unseen"] == 0
        # every region of the batch by its name and code, each once (a row left out, or
        # one printed twice, shows here)
        assert len(m["names"]) == len(set(m["names"])) == 226
    if kind == "two-national":
        assert m["change"] is not None and m["change"][0] == load_catalogue().label(
            "change", lang) and m["change"][1] <= A4


@pytest.mark.parametrize("kind,most", [("national", 20), ("two-national", 30)])
def test_the_national_pages_print_to_a_bounded_number_of_a4_pages(seen, kind, most):
    """226 rows print at about twenty a page, after the overview: the national page in
    at most 20 pages and the two-year one in at most 30 in every language (measured
    11-16 and 14-21; the two-year English page printed to 109 pages before it had a
    print layout)."""
    counts = {lang: seen(kind, lang, A4)["pages"] for lang in ("en", "ko", "ja")}
    assert all(2 <= n <= most for n in counts.values()), counts


# --- the map's place names (issue 18, item 8) --------------------------------------------

PLACES = """
<script>
window.addEventListener("load", function () {
  var svg = document.querySelector('svg[data-chart="map"]'), out = {names: [], problems: []};
  function box(el) { var b = el.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; }
  function meets(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function outside(b, room) {
    return b[0] < room[0] || b[1] < room[1] || b[2] > room[2] || b[3] > room[3]; }
  var frames = {};
  ["main", "ulleung", "capital"].forEach(function (f) {
    frames[f] = box(document.getElementById("map-clip-" + f).firstElementChild);
  });
  var others = Array.prototype.map.call(svg.querySelectorAll("rect.frame-box, rect.locator"),
    function (r) { return [r.dataset.frame || "locator", box(r)]; });
  var labels = Array.prototype.map.call(svg.querySelectorAll("text.place"), function (t) {
    return [t.textContent, t.dataset.frame, box(t)]; });
  labels.forEach(function (l, i) {
    out.names.push(l[0]);
    if (outside(l[2], frames[l[1]])) { out.problems.push(l[0] + " crosses its frame's edge"); }
    others.forEach(function (o) {
      if (o[0] !== l[1] && meets(l[2], o[1])) { out.problems.push(l[0] + " crosses " + o[0]); }
    });
    labels.slice(i + 1).forEach(function (m) {
      if (meets(l[2], m[2])) { out.problems.push(l[0] + " overlaps " + m[0]); } });
  });
  if (outside(box(svg.querySelector("circle.dokdo").nextElementSibling), frames.ulleung)) {
    out.problems.push("the Dokdo label crosses its frame");
  }
  found("places", out);
});
</script>
"""


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_the_map_names_its_provinces_where_they_do_not_collide(seen, lang):
    """Issue 18, item 8: the provinces' names are on the map as the browser draws them
    (their real widths, in the embedded fonts), none over another, none across the edge
    of its frame, Ulleung-do's frame or the capital area's locator; Dokdo's name inside
    its frame. Seoul and Incheon are named in the enlarged capital area."""
    m = seen("national", lang, 1280)["places"]
    assert m["problems"] == [], m["problems"]
    cat = load_catalogue()
    for sido in ("11000", "28000", "41000", "47000", "50000"):  # 2022: 경상북도 etc.
        assert cat.label(f"sido_{sido}", lang) in m["names"], (sido, m["names"])
    assert len(m["names"]) >= 15, m["names"]


@pytest.mark.parametrize("kind,lang", [("single", "ko"), ("single", "ja"), ("national", "en")])
def test_the_embedded_fonts_load(seen, kind, lang):
    """Every font the page embeds is one Chromium accepts and loads (WOFF subsets of
    NanumGothic and IPAexGothic); found in the launches that measure the pages."""
    found = seen(kind, lang, 1280)["fonts"]
    assert found["families"] and set(found["status"]) == {"loaded"}, found
