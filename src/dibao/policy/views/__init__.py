"""The policy pages: what is in force (with its history), setting a standard and a new rules
version (the county), "what if", and the assessment panel of a household's page. Reads go through
policy.selectors, writes through policy.services and benefits.services."""
