"""The organisations app's views, one module per part of the app."""
