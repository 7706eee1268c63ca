"""Family benefits: programmes open to a person, claims, HR's decisions, exchange rates, the
payroll export and their emails.

One module per job: `programmes`, `currencies` (Babel), `claims` (the employee's side),
`decisions` (HR's), `rates`, `queue`, `export`, `receipts` (through the documents service),
`mail` and `unit` (a change, its history and its mail, committed together).
"""
