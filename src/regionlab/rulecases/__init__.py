"""`regionlab rules test`: a rulebook's test cases run through the whole Engine (with
stability, so a case can expect the near-threshold flag) and compared with the verdicts
they expect (`cases`)."""
