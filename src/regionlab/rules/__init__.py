"""The rule language and the rulebook: expressions, the rulebook loader and evaluation,
and `rules check` (`rules test` runs the Engine, so it is a layer above: rulecases/)."""
