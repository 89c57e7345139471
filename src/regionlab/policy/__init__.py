"""The policy data shipped in regionlab/data/ and its loaders: the indicator framework,
the catalogue and interface labels, where the data files are, and the disk cache of
checked files."""
