"""The rule language and the rulebook: expressions, the rulebook loader and evaluation,
`rules check` and `rules test`."""
