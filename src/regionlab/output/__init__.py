"""Results out: the terminal, JSON and Markdown views of an assessment and a diff, and
batch result files (CSV, JSON, JSON Lines, Excel) written whole or not at all."""
