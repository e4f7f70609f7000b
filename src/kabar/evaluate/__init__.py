"""Evaluation of every stage against gold data."""
