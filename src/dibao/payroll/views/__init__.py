"""The payroll pages: the county's runs, a run with its figures, checks and lines, its steps, and
its files (the bank file, the bank's results, the communities' rosters). Thin: reads go through
payroll.selectors, writes through payroll.services, files through bankfile, results and roster."""
