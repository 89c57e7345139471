"""Results out: the terminal and Markdown views of an assessment, the wording shared
with the reports, and batch result files (CSV, JSON, JSON Lines, Excel), their row
declared once, written whole or not at all and read back."""
