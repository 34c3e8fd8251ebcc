"""The pages of the application workflow: the worklist, the case file (档案) with a form for each
step the user may take now, new applications, notices, the appraisal panel, the close-relative
register and the due list. Thin: every read goes through cases.selectors (or is limited to the
user's area here where no selector exists yet), every write through cases.services."""
