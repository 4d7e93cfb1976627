"""The partnerships app's views, one module per entity."""
