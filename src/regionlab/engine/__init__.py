"""One profile, start to end: score capacities, classify the domain and grade, recommend
cases, strategies and flags (assess.Engine gives an Assessment)."""
