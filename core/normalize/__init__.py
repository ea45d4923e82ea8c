"""The normalization analyzer (issue 5): FD reasoning, keys, normal forms, decompositions."""
