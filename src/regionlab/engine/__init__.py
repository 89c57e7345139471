"""One profile assessed: score capacities, classify the domain and grade, recommend
cases, strategies and flags (`assess.assess` gives an `Assessment`; `json_view` is it as
plain data). How far to trust it, and the `Engine` that composes both, are in trust/."""
