"""The organisations app's services: changes of state go through them; one module per entity."""
