"""Demo corpus: short news articles in eight languages, written for kabar."""
