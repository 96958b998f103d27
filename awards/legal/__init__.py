"""The legal pack (docs/legal.md)."""
