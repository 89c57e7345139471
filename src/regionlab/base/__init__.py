"""What every layer above reads files with: the strict YAML loader (`yamlio`), the
shapes of plain data checked with every problem at once (`schema`), and a pause of the
garbage collector while many small objects are built (`gc_pause`)."""
