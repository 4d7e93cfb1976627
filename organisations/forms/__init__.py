"""The organisations app's forms, one module per entity."""
