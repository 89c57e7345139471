"""Load and validate one profile: its structure (models), Korean codes against the
reference table, its meaning against the framework, and finding profile files in
folders. The YAML loader and schemas it is built on are in base/."""
