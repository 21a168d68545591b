"""Small windows asked for from several places: the morning question, a dose taken earlier,
a restock, the first run's login question, the error report."""
