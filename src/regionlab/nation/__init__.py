"""Many regions: batches (`batch`), diffs of two years (`diff`, shown by `diff_view`),
profiles for `init` (`init_profiles`), and the pandas API (`frames`)."""
