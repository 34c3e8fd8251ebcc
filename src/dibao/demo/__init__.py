"""A demo county with its streets, communities, staff and households, for trying dibao out and for
tests and benchmarks that need realistic data. Nothing here is used by the real workflows."""
