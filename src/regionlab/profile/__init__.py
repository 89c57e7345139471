"""Load and validate one profile: the YAML loader, the structure (schema, models), its
meaning against the framework, and finding profile files in folders."""
