"""The History window: the chart, the insights in plain words, the table of nights and its
corrections."""
