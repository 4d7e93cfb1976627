"""The organisations app's services: every change of state goes through them, one module per entity."""
