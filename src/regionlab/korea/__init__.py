"""Korea's local governments as data: the reference tables over time (`reference`),
the evidence panel of figures by code and year (`evidence`) and the national
designations (`designations`). Read by profiles, the engine, `init` and the reports."""
