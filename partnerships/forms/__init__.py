"""The partnerships app's forms, one module per entity."""
