"""How far to trust a result: stability under plausible error, what it would take to
change the domain, and --set what-ifs; `engine.Engine` composes an assessment with them."""
