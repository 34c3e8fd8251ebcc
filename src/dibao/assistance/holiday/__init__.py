"""节日慰问, holiday relief: a county or a street visits households at the Spring Festival,
Mid-Autumn and the like, and hands each a package (cash, rice, flour, oil, … with their values).

- Who is visited is chosen by criteria (`criteria`): the low-income programs held on the
  campaign's date, age, disability, the register's markers 军属 and 困难党员 — one query per
  criterion over the campaign's area, never one per household — plus households added or removed
  by hand with a reason (`services`).
- Each recipient keeps the criteria it met and its package as chosen (the package of the first of
  the campaign's criteria it meets that has items of its own, else everyone's), so the signed lists
  (`printing`: a PDF per community, totals per community and street as a page and an xlsx) read
  rows, not rules.
- Delivery is recorded on the recipient: handed over (date, by whom) or not (reason). The program
  catalogue has no code for holiday relief, so a package stays on the campaign; only when the
  cash part is to be paid through the bank rather than handed over is it recorded as a one-off
  grant of 临时救助 (`temporary`), kind and category "holiday", paid once by payroll and counted
  apart from other 临时救助 by that category (`services.holiday_cash_grants_record`).
"""
