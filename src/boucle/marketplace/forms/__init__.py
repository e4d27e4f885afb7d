"""Forms of the marketplace pages, one module per subject."""
