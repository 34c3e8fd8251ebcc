"""The programs beside 低保 as data: their codes, the terms a county sets for each (with the
national defaults), and which terms are in force for an area and month."""
