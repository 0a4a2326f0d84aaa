"""Evaluation: question sets as regression tests, the SQuAD benchmark, and their metrics."""
