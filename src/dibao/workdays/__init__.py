"""The working-day calendar (工作日) that legal deadlines are counted on: weekends, official holidays
and make-up workdays. `calendar` holds the rule; the table holds only the exceptions to Mon–Fri."""
