"""Reports to hand on: self-contained HTML pages (Jinja templates, charts, the map,
embedded fonts) and Markdown. Only `regionlab report` loads the pages and charts
(matplotlib and Jinja2 are slow to import); the colours (output/palette.py) are shared
with the Excel workbook."""
