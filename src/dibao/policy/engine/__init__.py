"""The means test and the benefit calculation.

`facts` loads what the calculation reads, for many households in a few queries; `context` finds
the standard and rules that apply; `calculation` is a pure function of the two, so the same inputs
always give the same result and a property test can call it without a database; `explanation`
holds every line a result can say about itself.
"""
