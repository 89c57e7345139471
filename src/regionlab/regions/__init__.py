"""Many regions: batches, diffs of two years, the reference tables of Korean local
governments, profiles for `init`, and the pandas API."""
