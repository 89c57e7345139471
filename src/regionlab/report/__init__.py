"""Reports to hand on: self-contained HTML pages (Jinja templates, charts, the map,
embedded fonts) and Markdown. Only `regionlab report` loads the pages and charts
(matplotlib and Jinja2 are slow to import); palette.py, the colours, is shared with the
Excel workbook."""
